"""S3 adapter of the object store port (infra.store), for AWS S3, MinIO, Ceph RGW and the like.

Selected by ``ARKKI_STORE=s3://bucket/prefix``; endpoint, region and credentials come from the
standard AWS variables, which boto3 reads itself. Contract, beyond infra.store's:

- Every write sends the SHA-256 as an S3 checksum (``x-amz-checksum-sha256``; per part for
  multipart uploads) so the server verifies the bytes it received, and stores the hex SHA-256
  and content type in object metadata so ``head`` needs no content. The content is hashed
  locally before it is sent: a wrong caller checksum raises ``ChecksumMismatch`` and nothing
  is written (an unfinished multipart upload is aborted).
- Originals are write-once. On a bucket with Object Lock they are written with a retention
  (``ARKKI_S3_LOCK_MODE``/``ARKKI_S3_LOCK_DAYS``); everywhere they are written with
  ``If-None-Match: *`` (falling back to a head check on servers that lack conditional writes)
  after a head check, so different content raises ``ImmutableObject`` and identical content is
  a no-op returning the existing head.
- Reads re-hash the content against the recorded SHA-256 (and, for originals, against the
  SHA-256 in the key) and raise ``ChecksumMismatch`` rather than serve changed content.
- ``delete`` removes every version of the key (a delete marker alone would hide an object
  that still exists). A version that Object Lock protects (retention or legal hold: S3
  answers AccessDenied) is left, the others are removed, and ``ObjectLocked`` names the key:
  a lock is reported, never bypassed (no ``BypassGovernanceRetention``).
- Every failure is a ``StoreError`` with a one-line message naming the key.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO, Literal

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, FlexibleChecksumError
from pydantic import BaseModel, Field, ValidationError

from infra.store import (
    CHUNK,
    ORIGINALS_PREFIX,
    ChecksumMismatch,
    ImmutableObject,
    ObjectHead,
    ObjectLocked,
    ObjectNotFound,
    StoreError,
    sha256_file,
)

MIB = 1 << 20
MIN_PART = 5 * MIB  # S3's smallest part (all but the last)
SHA_META = "sha256"
BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
ORIGINAL_SHA = re.compile(r"/([0-9a-f]{64})$")
NOT_FOUND = {"404", "NoSuchKey", "NotFound"}
BAD_DIGEST = {
    "BadDigest",
    "InvalidDigest",
    "XAmzContentSHA256Mismatch",
    "XAmzContentChecksumMismatch",
}
NO_CONDITIONAL = {"NotImplemented", "501"}


class S3Options(BaseModel):
    """Tuning read from ARKKI_S3_* variables; endpoint None lets boto3 use AWS_ENDPOINT_URL*."""

    endpoint_url: str | None = None
    multipart_threshold: int = Field(default=64 * MIB, ge=MIN_PART)
    part_size: int = Field(default=16 * MIB, ge=MIN_PART)
    lock_mode: Literal["GOVERNANCE", "COMPLIANCE", "off"] = "GOVERNANCE"
    lock_days: int = Field(default=3650, ge=1)
    max_attempts: int = Field(default=8, ge=1)

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> S3Options:
        names = {
            "multipart_threshold": ("ARKKI_S3_MULTIPART_MB", MIB),
            "part_size": ("ARKKI_S3_PART_MB", MIB),
            "lock_days": ("ARKKI_S3_LOCK_DAYS", 1),
            "max_attempts": ("ARKKI_S3_MAX_ATTEMPTS", 1),
        }
        values: dict[str, object] = {}
        for field, (name, unit) in names.items():
            if env.get(name):
                try:
                    values[field] = int(float(env[name]) * unit)
                except ValueError:
                    raise StoreError(f"invalid {name}: not a number: {env[name]!r}") from None
        if env.get("ARKKI_S3_LOCK_MODE"):
            values["lock_mode"] = env["ARKKI_S3_LOCK_MODE"]
        try:
            return cls.model_validate(values)
        except ValidationError as error:
            first = error.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else ""
            name = names[field][0] if field in names else "ARKKI_S3_LOCK_MODE"
            raise StoreError(f"invalid {name}: {first['msg']}") from None


def parse_s3_url(url: str) -> tuple[str, str]:
    """``s3://bucket/some/prefix`` → (bucket, "some/prefix")."""
    if not url.startswith("s3://"):
        raise StoreError(f"not an s3:// URL: {url}")
    bucket, _, prefix = url[len("s3://") :].partition("/")
    if not BUCKET_NAME.match(bucket):
        raise StoreError(f"{url}: {bucket!r} is not a valid S3 bucket name")
    return bucket, prefix.strip("/")


def _b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode()


def _error_text(error: Exception) -> str:
    if isinstance(error, ClientError):
        info = error.response.get("Error", {})
        code = str(info.get("Code", "?"))
        message = str(info.get("Message", "")).strip()
        return f"{code}: {message}" if message and message != code else code
    return str(error).splitlines()[0] if str(error) else type(error).__name__


class _Foreign(ChecksumMismatch):
    """An object without arkki's metadata (written by something else)."""


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


class S3ObjectStore:
    """Objects under ``prefix/`` in an S3 bucket; implements infra.store.ObjectStore."""

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        options: S3Options | None = None,
        client: Any = None,
    ) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.options = options or S3Options()
        config = Config(
            retries={"mode": "standard", "max_attempts": self.options.max_attempts},
            signature_version="s3v4",
            connect_timeout=10,
            read_timeout=120,
        )
        try:
            self.client = client or boto3.session.Session().client(
                "s3", endpoint_url=self.options.endpoint_url, config=config
            )
        except (BotoCoreError, ValueError) as error:
            raise StoreError(f"s3://{bucket}: cannot create an S3 client: {error}") from None
        self._lock: bool | None = None  # bucket has Object Lock; found out on first original
        self._conditional = True  # server honours If-None-Match on writes
        self._guard = threading.Lock()
        self._verified: dict[Path, tuple[int, int, str]] = {}

    @classmethod
    def from_url(cls, url: str, env: Mapping[str, str] = os.environ) -> S3ObjectStore:
        bucket, prefix = parse_s3_url(url)
        return cls(bucket, prefix, S3Options.from_env(env))

    def describe(self) -> str:
        location = f"s3://{self.bucket}/{self.prefix}".rstrip("/")
        return f"{location} at {self.client.meta.endpoint_url}"

    # keys ----------------------------------------------------------------------------------
    def _name(self, key: str) -> str:
        if not key or key.startswith("/") or ".." in key.split("/") or "//" in key:
            raise StoreError(f"invalid object key: {key!r}")
        return f"{self.prefix}/{key}" if self.prefix else key

    def _key(self, name: str) -> str:
        return name[len(self.prefix) + 1 :] if self.prefix else name

    @contextmanager
    def _errors(self, key: str, action: str) -> Iterator[None]:
        """botocore failures → one-line StoreError subclasses naming the key."""
        try:
            yield
        except StoreError:
            raise
        except FlexibleChecksumError as error:
            raise ChecksumMismatch(f"{key}: S3 returned content that fails its checksum") from (
                error
            )
        except ClientError as error:
            code = _code(error)
            text = f"{key}: S3 {action} failed ({_error_text(error)}) in {self.describe()}"
            if code in NOT_FOUND:
                raise ObjectNotFound(key) from error
            if code in BAD_DIGEST:
                raise ChecksumMismatch(text) from error
            raise StoreError(text) from error
        except BotoCoreError as error:
            raise StoreError(
                f"{key}: S3 {action} failed ({_error_text(error)}) in {self.describe()}"
            ) from error

    # head / list ---------------------------------------------------------------------------
    def _head_from(self, key: str, response: Mapping[str, Any]) -> ObjectHead:
        sha = str(response.get("Metadata", {}).get(SHA_META, ""))
        if not re.fullmatch(r"[0-9a-f]{64}", sha):
            raise _Foreign(f"{key}: object has no recorded SHA-256 (not written by arkki)")
        if key.startswith(ORIGINALS_PREFIX):
            named = ORIGINAL_SHA.search(key)
            if named and named.group(1) != sha:
                raise ChecksumMismatch(f"{key}: recorded SHA-256 differs from the key's")
        return ObjectHead(
            key=key,
            size=int(response["ContentLength"]),
            sha256=sha,
            content_type=str(response.get("ContentType") or "application/octet-stream"),
        )

    def head(self, key: str) -> ObjectHead | None:
        name = self._name(key)
        try:
            with self._errors(key, "head"):
                response = self.client.head_object(Bucket=self.bucket, Key=name)
        except ObjectNotFound:
            return None
        return self._head_from(key, response)

    def list(self, prefix: str = "") -> Iterator[ObjectHead]:
        """Heads of arkki's objects under ``prefix``, in key order (one HEAD per object)."""
        start = f"{self.prefix}/{prefix}" if self.prefix else prefix
        with self._errors(prefix or "/", "list"):
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=start
            )
            names = [item["Key"] for page in pages for item in page.get("Contents", [])]
        for name in sorted(names):
            try:
                head = self.head(self._key(name))
            except _Foreign:  # not arkki's object: the local store skips these too
                continue
            if head is not None:
                yield head

    # writes --------------------------------------------------------------------------------
    def put_bytes(
        self, key: str, data: bytes, content_type: str = "application/octet-stream"
    ) -> ObjectHead:
        sha256 = hashlib.sha256(data).hexdigest()
        head = ObjectHead(key=key, size=len(data), sha256=sha256, content_type=content_type)
        existing = self._existing_original(key, sha256)
        if existing is not None:
            return existing
        if len(data) >= self.options.multipart_threshold:
            parts = (
                data[i : i + self.options.part_size]
                for i in range(0, len(data), self.options.part_size)
            )
            self._put_multipart(head, parts)
        else:
            self._put_single(head, data)
        return head

    def put_file(
        self, key: str, path: Path, sha256: str, content_type: str = "application/octet-stream"
    ) -> ObjectHead:
        self._name(key)
        size = path.stat().st_size
        head = ObjectHead(key=key, size=size, sha256=sha256, content_type=content_type)
        existing = self._existing_original(key, sha256)
        if existing is not None:
            return existing
        with path.open("rb") as source:
            if size >= self.options.multipart_threshold:
                # hashed part by part as it is sent; a mismatch aborts before completion
                self._put_multipart(head, iter(lambda: source.read(self.options.part_size), b""))
            else:
                actual = sha256_file(path)
                if actual != sha256:
                    raise ChecksumMismatch(
                        f"{key}: content SHA-256 {actual} differs from expected {sha256}"
                    )
                self._put_single(head, source)
        return head

    def _existing_original(self, key: str, sha256: str) -> ObjectHead | None:
        if not key.startswith(ORIGINALS_PREFIX):
            return None
        existing = self.head(key)
        if existing is None:
            return None
        if existing.sha256 != sha256:
            raise ImmutableObject(f"{key} is an original and cannot be overwritten")
        return existing

    def _write_args(self, head: ObjectHead) -> dict[str, Any]:
        args: dict[str, Any] = {
            "Bucket": self.bucket,
            "Key": self._name(head.key),
            "ContentType": head.content_type,
            "Metadata": {SHA_META: head.sha256},
            "ChecksumAlgorithm": "SHA256",
        }
        if head.key.startswith(ORIGINALS_PREFIX) and self._bucket_locked(head.key):
            args["ObjectLockMode"] = self.options.lock_mode
            args["ObjectLockRetainUntilDate"] = datetime.now(UTC) + timedelta(
                days=self.options.lock_days
            )
        return args

    def _bucket_locked(self, key: str) -> bool:
        if self.options.lock_mode == "off":
            return False
        with self._guard:
            if self._lock is None:
                try:
                    with self._errors(key, "reading the bucket's Object Lock configuration"):
                        config = self.client.get_object_lock_configuration(Bucket=self.bucket)
                    enabled = config.get("ObjectLockConfiguration", {}).get("ObjectLockEnabled")
                    self._lock = enabled == "Enabled"
                except StoreError as error:
                    cause = error.__cause__
                    if not (
                        isinstance(cause, ClientError)
                        and _code(cause) == "ObjectLockConfigurationNotFoundError"
                    ):
                        raise
                    self._lock = False
            return self._lock

    def _put_single(self, head: ObjectHead, body: bytes | BinaryIO) -> None:
        digest = _b64(bytes.fromhex(head.sha256))
        args = self._write_args(head) | {"Body": body, "ChecksumSHA256": digest}
        response = self._conditional_write(head, args, self.client.put_object, "put")
        if response is not None and response.get("ChecksumSHA256") not in (None, digest):
            raise ChecksumMismatch(f"{head.key}: S3 stored a different SHA-256 than was sent")

    def _conditional_write(
        self, head: ObjectHead, args: dict[str, Any], call: Any, action: str
    ) -> dict[str, Any] | None:
        """Run a write; originals only where nothing exists yet. None: identical original."""
        original = head.key.startswith(ORIGINALS_PREFIX)
        if original and self._conditional:
            args = args | {"IfNoneMatch": "*"}
        try:
            with self._errors(head.key, action):
                return dict(call(**args))
        except StoreError as error:
            cause = error.__cause__
            code = _code(cause) if isinstance(cause, ClientError) else ""
            if original and code in NO_CONDITIONAL and "IfNoneMatch" in args:
                self._conditional = False  # the head check before this write is the guard
                if hasattr(args.get("Body"), "seek"):
                    args["Body"].seek(0)
                return self._conditional_write(head, args, call, action)
            conflict = code in ("PreconditionFailed", "ConditionalRequestConflict")
            if original and conflict and self._existing_original(head.key, head.sha256):
                return None  # someone stored the same original meanwhile
            raise

    def _put_multipart(self, head: ObjectHead, chunks: Iterator[bytes]) -> None:
        args = self._write_args(head)
        with self._errors(head.key, "starting a multipart upload"):
            upload_id = self.client.create_multipart_upload(**args)["UploadId"]
        common = {"Bucket": args["Bucket"], "Key": args["Key"], "UploadId": upload_id}
        try:
            whole = hashlib.sha256()
            parts = []
            for number, chunk in enumerate(chunks, start=1):
                whole.update(chunk)
                checksum = _b64(hashlib.sha256(chunk).digest())
                with self._errors(head.key, f"uploading part {number}"):
                    response = self.client.upload_part(
                        **common,
                        PartNumber=number,
                        Body=chunk,
                        ChecksumAlgorithm="SHA256",
                        ChecksumSHA256=checksum,
                    )
                parts.append(
                    {"ETag": response["ETag"], "PartNumber": number, "ChecksumSHA256": checksum}
                )
            if whole.hexdigest() != head.sha256:
                raise ChecksumMismatch(
                    f"{head.key}: content SHA-256 {whole.hexdigest()} differs from expected "
                    f"{head.sha256}"
                )
            self._conditional_write(
                head,
                common | {"MultipartUpload": {"Parts": parts}},
                self.client.complete_multipart_upload,
                "completing a multipart upload",
            )
        except BaseException:
            # if even the abort fails, the bucket's lifecycle rule for incomplete uploads cleans up
            with suppress(BotoCoreError, ClientError):
                self.client.abort_multipart_upload(**common)
            raise

    # reads ---------------------------------------------------------------------------------
    def _get(self, key: str) -> tuple[ObjectHead, Any]:
        name = self._name(key)
        with self._errors(key, "get"):
            response = self.client.get_object(Bucket=self.bucket, Key=name, ChecksumMode="ENABLED")
        return self._head_from(key, response), response["Body"]

    def get_bytes(self, key: str) -> bytes:
        head, body = self._get(key)
        with self._errors(key, "get"):
            data = body.read()
        if hashlib.sha256(data).hexdigest() != head.sha256:
            raise ChecksumMismatch(f"{key}: stored object no longer matches its SHA-256")
        return bytes(data)

    def materialize(self, key: str, workdir: Path) -> Path:
        """Download to ``workdir/.objects/<sha256>`` (streamed, verified), once per content."""
        head = self.head(key)
        if head is None:
            raise ObjectNotFound(key)
        folder = workdir / ".objects"
        target = folder / head.sha256
        if target.exists():
            stat = target.stat()
            if self._verified.get(target) == (stat.st_size, stat.st_mtime_ns, head.sha256):
                return target
            if stat.st_size == head.size and sha256_file(target) == head.sha256:
                self._verified[target] = (stat.st_size, stat.st_mtime_ns, head.sha256)
                return target
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        try:
            got, body = self._get(key)
            digest = hashlib.sha256()
            with os.fdopen(fd, "wb") as handle, self._errors(key, "download"):
                for chunk in body.iter_chunks(CHUNK):
                    digest.update(chunk)
                    handle.write(chunk)
            if digest.hexdigest() != got.sha256 or got.sha256 != head.sha256:
                raise ChecksumMismatch(f"{key}: stored object no longer matches its SHA-256")
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        stat = target.stat()
        self._verified[target] = (stat.st_size, stat.st_mtime_ns, head.sha256)
        return target

    def presigned_url(self, key: str, expires_s: int = 3600) -> str:
        """A time-limited GET URL. The server does not re-check the SHA-256 for its reader:
        a consumer that needs the guarantee compares against ``head(key).sha256``."""
        if self.head(key) is None:
            raise ObjectNotFound(key)
        with self._errors(key, "presign"):
            return str(
                self.client.generate_presigned_url(
                    "get_object",
                    Params={"Bucket": self.bucket, "Key": self._name(key)},
                    ExpiresIn=expires_s,
                )
            )

    # deletes -------------------------------------------------------------------------------
    def delete(self, key: str) -> bool:
        """Remove every version of ``key``; see the module contract for locked versions."""
        name = self._name(key)
        with self._errors(key, "list versions"):
            pages = self.client.get_paginator("list_object_versions").paginate(
                Bucket=self.bucket, Prefix=name
            )
            versions = [
                str(v.get("VersionId") or "null")
                for page in pages
                for kind in ("Versions", "DeleteMarkers")
                for v in page.get(kind, [])
                if v["Key"] == name
            ]
        locked = 0
        for version in versions:
            try:
                with self._errors(key, "delete"):
                    self.client.delete_object(Bucket=self.bucket, Key=name, VersionId=version)
            except ObjectNotFound:
                continue
            except StoreError as error:
                cause = error.__cause__
                if isinstance(cause, ClientError) and _code(cause) == "AccessDenied":
                    locked += 1
                    continue
                raise
        if locked:
            raise ObjectLocked(
                f"{key}: {locked} version(s) protected by S3 Object Lock in {self.describe()}; "
                "left as they are"
            )
        return bool(versions)
