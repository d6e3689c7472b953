"""A batch: the scan files of one delivery, and the optional ``batch.toml`` manifest.

Manifest format (every key optional)::

    agency = "UUDELY"            # agency code
    series = "Yritystuet 2017"   # archive series (arkistosarja)
    languages = "fin+swe"        # Tesseract languages for the batch
    [[documents]]                # files that form one document, in page order
    files = ["hakemus-s1.tif", "hakemus-s2.tif"]

Files not named under ``[[documents]]`` are one document each. A malformed manifest, or an
entry naming a file that is not in the batch, is reported for quarantine with the reason;
the rest of the batch goes on.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from infra.store import sha256_file

MANIFEST_NAME = "batch.toml"


class BatchInputError(Exception):
    """The input path cannot be used at all (missing, unreadable, or holds no files)."""


class ManifestDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")
    files: list[str] = Field(min_length=1)
    title: str | None = None


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    agency: str | None = None
    series: str = ""
    languages: str | None = None
    documents: list[ManifestDocument] = Field(default_factory=list)


@dataclass(frozen=True)
class BatchFile:
    name: str  # path relative to the batch folder, printable (undecodable bytes escaped)
    path: Path
    sha256: str
    size: int
    name_problem: str = ""


@dataclass
class PlannedDocument:
    files: list[BatchFile]

    @property
    def id(self) -> str:
        digest = hashlib.sha256(":".join(f.sha256 for f in self.files).encode()).hexdigest()
        return f"d-{digest[:20]}"


@dataclass
class BatchPlan:
    id: str
    source: Path
    manifest: Manifest
    files: list[BatchFile]
    documents: list[PlannedDocument]
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)


def printable_name(relative: str) -> str:
    """A file name safe to print and store: undecodable bytes shown as \\xNN escapes."""
    return os.fsencode(relative).decode("utf-8", errors="backslashreplace")


def _discover(source: Path) -> list[Path]:
    if not source.exists():
        raise BatchInputError(f"{printable_name(str(source))}: no such file or folder")
    if source.is_file():
        return [source]
    if not source.is_dir():
        raise BatchInputError(f"{printable_name(str(source))}: not a file or folder")
    try:
        found = sorted(
            p
            for p in source.rglob("*")
            if p.is_file()
            and not p.name.startswith(".")
            and p.name != MANIFEST_NAME
            and not p.name.endswith(".truth.json")
        )
    except PermissionError as error:
        raise BatchInputError(f"{source}: cannot be read ({error.strerror})") from error
    if not found:
        raise BatchInputError(f"{source}: the folder holds no scan files")
    return found


def _read_manifest(source: Path) -> tuple[Manifest, list[tuple[str, str]]]:
    path = source / MANIFEST_NAME
    if not source.is_dir() or not path.exists():
        return Manifest(), []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return Manifest.model_validate(data), []
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        reason = f"{MANIFEST_NAME}: malformed TOML ({error}); manifest ignored"
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        reason = f"{MANIFEST_NAME}: invalid manifest ({where}: {first['msg']}); manifest ignored"
    return Manifest(), [(MANIFEST_NAME, reason)]


def preflight(source: Path) -> Manifest:
    """Check that the input can be used at all and read its manifest, without hashing."""
    _discover(source)
    return _read_manifest(source)[0]


def plan_batch(source: Path, agency: str | None = None) -> BatchPlan:
    """Find the files, checksum them, read the manifest and group files into documents."""
    source = source.resolve() if source.exists() else source
    paths = _discover(source)
    manifest, problems = _read_manifest(source)
    base = source if source.is_dir() else source.parent
    files: list[BatchFile] = []
    for path in paths:
        try:
            relative = printable_name(str(path.relative_to(base)))
            digest, size = sha256_file(path), path.stat().st_size
        except OSError as error:
            problems.append((printable_name(path.name), f"cannot be read ({error.strerror})"))
            continue
        name_problem = ""
        try:
            os.fsencode(path.relative_to(base)).decode("utf-8")
        except UnicodeDecodeError:
            name_problem = f"{relative}: file name is not valid UTF-8; rename the file"
        files.append(BatchFile(relative, path, digest, size, name_problem))
    by_name = {f.name: f for f in files}
    documents: list[PlannedDocument] = []
    grouped: set[str] = set()
    for entry in manifest.documents:
        members = []
        for name in entry.files:
            if name in by_name and name not in grouped:
                members.append(by_name[name])
                grouped.add(name)
            elif name not in by_name:
                problems.append((name, f"{MANIFEST_NAME} names {name}, which is not in the batch"))
        if members:
            documents.append(PlannedDocument(members))
    documents.extend(PlannedDocument([f]) for f in files if f.name not in grouped)
    identity = hashlib.sha256()
    for f in files:
        identity.update(f"{f.name}\0{f.sha256}\n".encode())
    identity.update(f"agency={agency or manifest.agency or ''}".encode())
    return BatchPlan(
        id=f"b-{identity.hexdigest()[:16]}",
        source=source,
        manifest=manifest,
        files=files,
        documents=documents,
        problems=problems,
    )
