"""Registry staff's uploads: files or a zip into ARKKI_HOME/uploads/<id>, then ``arkki ingest``.

Contract: ``save_upload`` writes each file under a fresh folder with a safe relative name
(no absolute paths, no ``..``, no hidden names; a zip's members likewise, with the member
count and unpacked size bounded against zip bombs) and refuses (``UploadError``, one line)
an empty upload or one over ``max_bytes``. ``start_ingest`` runs
``python -m flows ingest <folder> --agency <the uploader's agency> --json`` as a separate
process with the app's ARKKI_* settings, and a thread records its exit in ``web_uploads``
(0 done, 3 quarantine, else failed with the last line of stderr). The agency always comes
from the uploader's account, never from the upload, so a registry cannot file into another
agency's archive. Progress is read from the catalog: the batch row, its records and its
quarantine, against the documents the batch plan counted.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from sqlalchemy import select, update

from flows.batch import plan_batch
from flows.config import Settings
from flows.progress import read_snapshot
from infra.catalog import Catalog, now
from infra.worklist import web_uploads

MAX_MEMBERS = 10_000
STATE_OF_EXIT = {0: "done", 3: "quarantine"}


class UploadError(ValueError):
    """The upload is refused; one line saying why."""


def safe_name(raw: str) -> str:
    parts = [p for p in PurePosixPath(raw.replace("\\", "/")).parts if p not in ("", "/")]
    if not parts or any(p in (".", "..") or p.startswith(".") for p in parts):
        raise UploadError(f"file name {raw!r} is not allowed")
    return "/".join(parts)


def save_upload(folder: Path, files: Iterable[tuple[str, BinaryIO]], max_bytes: int) -> int:
    """Write the files (a zip is unpacked) into ``folder``; returns how many were written."""
    folder.mkdir(parents=True)
    written, total = 0, 0
    for name, stream in files:
        relative = safe_name(name)
        if relative.lower().endswith(".zip"):
            stream.seek(0)
            count, size = _unzip(stream, folder, max_bytes - total)
            written, total = written + count, total + size
            continue
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as out:
            while chunk := stream.read(1 << 20):
                total += len(chunk)
                if total > max_bytes:
                    raise UploadError(f"the upload is over {max_bytes // (1 << 20)} MB")
                out.write(chunk)
        written += 1
    if not written:
        raise UploadError("no files in the upload")
    return written


def _unzip(stream: BinaryIO, folder: Path, budget: int) -> tuple[int, int]:
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile:
        raise UploadError("the zip file cannot be read") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_MEMBERS:
            raise UploadError(f"the zip holds over {MAX_MEMBERS} files")
        if sum(m.file_size for m in members) > budget:
            raise UploadError("the zip unpacks to more than the upload limit")
        size = 0
        for member in members:
            if member.flag_bits & 0x1:
                raise UploadError(f"{member.filename}: encrypted zip members are not accepted")
            target = folder / safe_name(member.filename)
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as source, target.open("wb") as out:
                while chunk := source.read(1 << 20):
                    size += len(chunk)
                    if size > budget:  # the sizes in the directory may lie
                        raise UploadError("the zip unpacks to more than the upload limit")
                    out.write(chunk)
        return len(members), size


def new_upload(
    catalog: Catalog,
    settings: Settings,
    agency: str,
    user: str,
    files: Iterable[tuple[str, BinaryIO]],
    max_bytes: int,
) -> dict[str, Any]:
    upload_id = now().strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(4)
    folder = settings.home / "uploads" / agency / upload_id
    try:
        count = save_upload(folder, files, max_bytes)
    except UploadError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    plan = plan_batch(folder, agency)
    at = now()
    row = {
        "id": upload_id,
        "agency": agency,
        "uploaded_by": user,
        "folder": str(folder),
        "batch_id": plan.id,
        "files": count,
        "documents": len(plan.documents),
        "state": "running",
        "message": "",
        "created_at": at,
        "updated_at": at,
    }
    with catalog.engine.begin() as conn:
        conn.execute(web_uploads.insert().values(**row))
    catalog.audit(user, "upload", None, {"upload": upload_id, "batch": plan.id, "files": count})
    return row


def start_ingest(catalog: Catalog, settings: Settings, upload: dict[str, Any]) -> None:
    env = dict(
        os.environ,
        ARKKI_HOME=str(settings.home),
        ARKKI_STORE=settings.store,
        ARKKI_CATALOG=settings.catalog,
        ARKKI_SEARCH=settings.search,
        ARKKI_PROGRESS_FILE=str(progress_file(upload)),
    )
    folder = Path(upload["folder"])
    log = folder.parent / f"{upload['id']}.log"
    out = folder.parent / f"{upload['id']}.json"
    with log.open("wb") as stderr, out.open("wb") as stdout:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flows",
                "ingest",
                str(folder),
                "--agency",
                upload["agency"],
                "--json",
            ],
            stdout=stdout,
            stderr=stderr,
            env=env,
            start_new_session=True,  # a Ctrl-C of the server does not stop a running ingest
        )

    def wait() -> None:
        code = process.wait()
        state = STATE_OF_EXIT.get(code, "failed")
        lines = log.read_text(errors="replace").strip().splitlines() if log.exists() else []
        message = "" if state != "failed" else (lines[-1] if lines else f"exit {code}")
        with catalog.engine.begin() as conn:
            conn.execute(
                update(web_uploads)
                .where(web_uploads.c.id == upload["id"])
                .values(state=state, message=message[:500], updated_at=now())
            )

    threading.Thread(target=wait, name=f"ingest-{upload['id']}", daemon=True).start()


def uploads_of(catalog: Catalog, agencies: tuple[str, ...] | None) -> list[dict[str, Any]]:
    query = select(web_uploads).order_by(web_uploads.c.created_at.desc()).limit(200)
    if agencies is not None:
        query = query.where(web_uploads.c.agency.in_(agencies))
    with catalog.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def upload(catalog: Catalog, upload_id: str) -> dict[str, Any] | None:
    with catalog.engine.connect() as conn:
        row = conn.execute(select(web_uploads).where(web_uploads.c.id == upload_id)).mappings()
        first = row.first()
    return dict(first) if first else None


STAGES = ("store", "inspect", "ocr", "describe", "index")


def progress_file(upload: dict[str, Any]) -> Path:
    """Where the ingest of an upload keeps its stage-by-stage progress."""
    return Path(upload["folder"]).parent / f"{upload['id']}.progress.json"


def progress(catalog: Catalog, row: dict[str, Any]) -> dict[str, Any]:
    """The upload with its batch's progress stage by stage and quarantined files (with
    reasons)."""
    snapshot = read_snapshot(progress_file(row))
    batch = catalog.batch(row["batch_id"])
    records = catalog.records_of_batch(row["batch_id"])
    counts: dict[str, int] = {}
    for record in records:
        counts[record["status"]] = counts.get(record["status"], 0) + 1
    return {
        "id": row["id"],
        "agency": row["agency"],
        "uploaded_by": row["uploaded_by"],
        "batch_id": row["batch_id"],
        "files": row["files"],
        "documents": row["documents"],
        "state": row["state"],
        "message": row["message"],
        "created_at": row["created_at"],
        "batch_status": batch["status"] if batch else "queued",
        "records": len(records),
        "by_status": counts,
        "stages": [
            {"stage": stage, **snapshot.get(stage, {"done": 0, "total": 0})} for stage in STAGES
        ],
        "quarantined": [
            {"file": q["file"], "reason": q["reason"]} for q in catalog.quarantined(row["batch_id"])
        ],
        "record_ids": [
            {"id": r["id"], "status": r["status"], "title": r["title"]} for r in records
        ],
    }
