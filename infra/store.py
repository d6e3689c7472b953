"""Object store port and its embedded adapter (a local folder).

Contract (infra.store_s3 implements the same on S3):
- ``put`` writes bytes under a key and verifies the SHA-256 the caller computed; a mismatch
  raises ``ChecksumMismatch`` and leaves nothing behind.
- Keys under ``originals/`` are write-once: putting different content there raises
  ``ImmutableObject``; putting identical content is a no-op that returns the existing head.
- Other keys (derivatives, records) may be replaced.
- ``get`` re-verifies the SHA-256 of originals and raises ``ChecksumMismatch`` instead of
  serving a changed object.
- ``delete`` removes an object (originals too: disposition destroys them) and returns False
  where there was none. An object a retention lock protects (S3 Object Lock) is never forced:
  ``ObjectLocked`` is raised and the object stays readable.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel

ORIGINALS_PREFIX = "originals/"
CHUNK = 1 << 20


class ObjectHead(BaseModel):
    key: str
    size: int
    sha256: str
    content_type: str = "application/octet-stream"


class StoreError(Exception):
    pass


class ChecksumMismatch(StoreError):
    pass


class ImmutableObject(StoreError):
    pass


class ObjectNotFound(StoreError):
    pass


class ObjectLocked(StoreError):
    """The store refuses to delete the object: a retention lock or legal hold protects it."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def original_key(sha256: str) -> str:
    """Content address of an original: the SHA-256, fanned out so no folder grows huge."""
    return f"{ORIGINALS_PREFIX}sha256/{sha256[:2]}/{sha256[2:4]}/{sha256}"


class ObjectStore(Protocol):
    def put_file(
        self, key: str, path: Path, sha256: str, content_type: str = ...
    ) -> ObjectHead: ...

    def put_bytes(self, key: str, data: bytes, content_type: str = ...) -> ObjectHead: ...

    def get_bytes(self, key: str) -> bytes: ...

    def head(self, key: str) -> ObjectHead | None: ...

    def list(self, prefix: str = "") -> Iterator[ObjectHead]: ...

    def materialize(self, key: str, workdir: Path) -> Path: ...

    def presigned_url(self, key: str, expires_s: int = ...) -> str: ...

    def delete(self, key: str) -> bool: ...

    def describe(self) -> str: ...


class LocalObjectStore:
    """Objects as files under ``root``; a ``.meta.json`` sidecar holds checksum and type.

    Writes go to a temporary file in the same folder, are fsynced and renamed into place, so
    a crash never leaves a half-written object under its final key. Originals are made
    read-only on disk.
    """

    META_SUFFIX = ".meta.json"

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        # (size, mtime) at the last successful checksum, so a multi-page original is not
        # re-hashed for every page; any change on disk moves mtime and forces a new check.
        self._verified: dict[str, tuple[int, int]] = {}

    def describe(self) -> str:
        return f"file://{self.root}"

    def _path(self, key: str) -> Path:
        if key.startswith("/") or ".." in key.split("/") or key.endswith(self.META_SUFFIX):
            raise StoreError(f"invalid object key: {key!r}")
        return self.root / key

    def put_file(
        self, key: str, path: Path, sha256: str, content_type: str = "application/octet-stream"
    ) -> ObjectHead:
        with path.open("rb") as source:
            return self._put(key, iter(lambda: source.read(CHUNK), b""), sha256, content_type)

    def put_bytes(
        self, key: str, data: bytes, content_type: str = "application/octet-stream"
    ) -> ObjectHead:
        return self._put(key, iter([data]), hashlib.sha256(data).hexdigest(), content_type)

    def _put(self, key: str, chunks: Iterator[bytes], sha256: str, content_type: str) -> ObjectHead:
        target = self._path(key)
        if key.startswith(ORIGINALS_PREFIX):
            existing = self.head(key)
            if existing is not None:
                if existing.sha256 != sha256:
                    raise ImmutableObject(f"{key} is an original and cannot be overwritten")
                return existing
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in chunks:
                    digest.update(chunk)
                    size += len(chunk)
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            if digest.hexdigest() != sha256:
                raise ChecksumMismatch(
                    f"{key}: content SHA-256 {digest.hexdigest()} differs from expected {sha256}"
                )
            head = ObjectHead(key=key, size=size, sha256=sha256, content_type=content_type)
            meta = target.with_name(target.name + self.META_SUFFIX)
            meta_tmp = meta.with_name(meta.name + ".tmp")
            meta_tmp.write_text(head.model_dump_json())
            os.replace(tmp, target)
            os.replace(meta_tmp, meta)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        if key.startswith(ORIGINALS_PREFIX):
            target.chmod(0o444)
        return head

    def head(self, key: str) -> ObjectHead | None:
        target = self._path(key)
        meta = target.with_name(target.name + self.META_SUFFIX)
        if not target.exists() or not meta.exists():
            return None
        return ObjectHead.model_validate(json.loads(meta.read_text()))

    def get_bytes(self, key: str) -> bytes:
        head = self.head(key)
        if head is None:
            raise ObjectNotFound(key)
        data = self._path(key).read_bytes()
        if hashlib.sha256(data).hexdigest() != head.sha256:
            raise ChecksumMismatch(f"{key}: stored object no longer matches its SHA-256")
        return data

    def materialize(self, key: str, workdir: Path) -> Path:
        """A local path holding the object: the stored file itself, after a checksum check."""
        head = self.head(key)
        if head is None:
            raise ObjectNotFound(key)
        path = self._path(key)
        stat = path.stat()
        if self._verified.get(key) != (stat.st_size, stat.st_mtime_ns):
            if sha256_file(path) != head.sha256:
                raise ChecksumMismatch(f"{key}: stored object no longer matches its SHA-256")
            self._verified[key] = (stat.st_size, stat.st_mtime_ns)
        return path

    def presigned_url(self, key: str, expires_s: int = 3600) -> str:
        """A file:// URL of the stored file (a local store has no expiry to enforce)."""
        if self.head(key) is None:
            raise ObjectNotFound(key)
        return self._path(key).resolve().as_uri()

    def delete(self, key: str) -> bool:
        """Remove the object and its sidecar (a local folder has no retention lock)."""
        target = self._path(key)
        meta = target.with_name(target.name + self.META_SUFFIX)
        existed = target.exists() or meta.exists()
        target.unlink(missing_ok=True)  # read-only originals: unlinking needs the folder's bit
        meta.unlink(missing_ok=True)
        self._verified.pop(key, None)
        return existed

    def list(self, prefix: str = "") -> Iterator[ObjectHead]:
        for meta in sorted(self.root.rglob("*" + self.META_SUFFIX)):
            key = str(meta.relative_to(self.root))[: -len(self.META_SUFFIX)]
            if key.startswith(prefix):
                head = self.head(key)
                if head is not None:
                    yield head
