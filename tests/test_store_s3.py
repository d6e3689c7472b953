"""The S3 object store against a real moto_server over HTTP: the shared contract, multipart
uploads, Object Lock, configuration, error messages and one ingest end to end.

moto differs from AWS where test-peers.md says so (and it accepts a wrong
``x-amz-checksum-sha256``, which AWS refuses): those paths are not asserted here.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from flows.config import ConfigError, Settings, open_store
from infra.store import (
    ChecksumMismatch,
    ImmutableObject,
    ObjectStore,
    StoreError,
    original_key,
)
from infra.store_s3 import MIB, S3ObjectStore, S3Options
from tests.conftest import FINNISH_DECISION, render_page
from tests.servers import free_port
from tests.store_contract import Corrupt, ObjectStoreContract, StoreFactory

pytestmark = pytest.mark.server
pytest_plugins = ["tests.servers"]  # moto_endpoint
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "arkki-test",
    "AWS_SECRET_ACCESS_KEY": "arkki-test-secret",
    "AWS_DEFAULT_REGION": "eu-north-1",
}
SMALL_PARTS = S3Options(multipart_threshold=8 * MIB, part_size=5 * MIB)


@pytest.fixture(autouse=True)
def aws_env(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The standard AWS variables, as a deployment sets them; nothing from the user's ~/.aws."""
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", moto_endpoint)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def raw(aws_env: None) -> Any:
    """A plain boto3 client: to create buckets and to act behind arkki's back."""
    return boto3.client("s3")


@pytest.fixture
def new_bucket(raw: Any) -> Callable[..., str]:
    def create(lock: bool = False) -> str:
        name = f"arkki-{uuid.uuid4().hex[:12]}"
        raw.create_bucket(
            Bucket=name,
            CreateBucketConfiguration={"LocationConstraint": CREDENTIALS["AWS_DEFAULT_REGION"]},
            ObjectLockEnabledForBucket=lock,
        )
        return name

    return create


class TestS3ObjectStore(ObjectStoreContract):
    @pytest.fixture
    def make_store(self, new_bucket: Callable[..., str]) -> StoreFactory:
        return lambda: S3ObjectStore.from_url(f"s3://{new_bucket()}/arkki/test")

    @pytest.fixture
    def corrupt(self, raw: Any) -> Corrupt:
        """Replace the bytes but keep arkki's metadata: the tamper that is hardest to see."""

        def change(store: ObjectStore, key: str, data: bytes) -> None:
            assert isinstance(store, S3ObjectStore)
            name = f"{store.prefix}/{key}"
            metadata = raw.head_object(Bucket=store.bucket, Key=name)["Metadata"]
            raw.put_object(Bucket=store.bucket, Key=name, Body=data, Metadata=metadata)

        return change


def test_objects_live_under_the_prefix_with_checksum_and_metadata(
    raw: Any, new_bucket: Callable[..., str]
) -> None:
    bucket = new_bucket()
    store = S3ObjectStore.from_url(f"s3://{bucket}/tenant/a/")
    key = original_key(hashlib.sha256(b"scan").hexdigest())
    store.put_bytes(key, b"scan", "image/tiff")
    head = raw.head_object(Bucket=bucket, Key=f"tenant/a/{key}", ChecksumMode="ENABLED")
    assert head["Metadata"] == {"sha256": hashlib.sha256(b"scan").hexdigest()}
    assert head["ContentType"] == "image/tiff"
    assert head["ChecksumSHA256"] == "Wa0bL8dCh97Ru6evZ3ZdI61KSfGuUZAswu0/jr7pbPo="
    assert store.describe().startswith(f"s3://{bucket}/tenant/a at http://127.0.0.1:")


def test_an_object_not_written_by_arkki_is_not_served(
    raw: Any, new_bucket: Callable[..., str]
) -> None:
    bucket = new_bucket()
    raw.put_object(Bucket=bucket, Key="records/foreign.txt", Body=b"who wrote this")
    store = S3ObjectStore.from_url(f"s3://{bucket}")
    with pytest.raises(ChecksumMismatch, match="no recorded SHA-256"):
        store.get_bytes("records/foreign.txt")
    assert list(store.list()) == []


@pytest.mark.parametrize("via", ["file", "bytes"])
def test_large_objects_go_up_in_parts(
    raw: Any, new_bucket: Callable[..., str], tmp_path: Path, via: str
) -> None:
    bucket = new_bucket()
    store = S3ObjectStore(bucket, "p", SMALL_PARTS)
    data = os.urandom(11 * MIB + 123)
    digest = hashlib.sha256(data).hexdigest()
    key = original_key(digest)
    if via == "file":
        (tmp_path / "big.tif").write_bytes(data)
        head = store.put_file(key, tmp_path / "big.tif", digest, "image/tiff")
    else:
        head = store.put_bytes(key, data, "image/tiff")
    assert head.size == len(data) and head.sha256 == digest
    assert raw.head_object(Bucket=bucket, Key=f"p/{key}")["ETag"].endswith('-3"')  # 5+5+1 MiB
    assert store.head(key) == head
    assert store.get_bytes(key) == data
    assert store.materialize(key, tmp_path / "work").read_bytes() == data
    assert store.put_bytes(key, data) == head  # identical original: no-op


def test_a_multipart_upload_with_the_wrong_checksum_is_aborted(
    raw: Any, new_bucket: Callable[..., str], tmp_path: Path
) -> None:
    bucket = new_bucket()
    store = S3ObjectStore(bucket, "", SMALL_PARTS)
    (tmp_path / "big.tif").write_bytes(os.urandom(9 * MIB))
    with pytest.raises(ChecksumMismatch, match="differs from expected"):
        store.put_file(original_key("0" * 64), tmp_path / "big.tif", "0" * 64)
    assert "Contents" not in raw.list_objects_v2(Bucket=bucket)
    assert not raw.list_multipart_uploads(Bucket=bucket).get("Uploads")


class _RacingStore(S3ObjectStore):
    """Skips its first head check, as if another writer stored the key just after it."""

    raced = False

    def _existing_original(self, key: str, sha256: str) -> Any:
        if not self.raced:
            self.raced = True
            return None
        return super()._existing_original(key, sha256)


@pytest.mark.parametrize("lock", [False, True])
def test_a_concurrent_writer_cannot_replace_an_original(
    raw: Any, new_bucket: Callable[..., str], lock: bool
) -> None:
    """The write itself is conditional (If-None-Match: *), not only the head check before it."""
    bucket = new_bucket(lock=lock)
    key = original_key(hashlib.sha256(b"scan").hexdigest())
    S3ObjectStore(bucket).put_bytes(key, b"scan")
    with pytest.raises(ImmutableObject):
        _RacingStore(bucket).put_bytes(key, b"scam")
    assert (
        _RacingStore(bucket).put_bytes(key, b"scan").sha256 == hashlib.sha256(b"scan").hexdigest()
    )
    assert len(raw.list_object_versions(Bucket=bucket, Prefix=key)["Versions"]) == 1
    assert S3ObjectStore(bucket).get_bytes(key) == b"scan"


def test_originals_in_an_object_lock_bucket_are_retained(
    raw: Any, new_bucket: Callable[..., str]
) -> None:
    bucket = new_bucket(lock=True)
    store = S3ObjectStore(bucket, "", S3Options(lock_mode="GOVERNANCE", lock_days=2))
    key = original_key(hashlib.sha256(b"scan").hexdigest())
    store.put_bytes(key, b"scan", "image/tiff")
    store.put_bytes("records/x/text.txt", b"text")
    head = raw.head_object(Bucket=bucket, Key=key)
    assert head["ObjectLockMode"] == "GOVERNANCE"
    until = head["ObjectLockRetainUntilDate"]
    assert timedelta(days=1) < until - datetime.now(UTC) <= timedelta(days=2)
    assert "ObjectLockMode" not in raw.head_object(Bucket=bucket, Key="records/x/text.txt")
    with pytest.raises(ClientError, match="AccessDenied"):
        raw.delete_object(Bucket=bucket, Key=key, VersionId=head["VersionId"])
    with pytest.raises(ImmutableObject):
        store.put_bytes(key, b"scam")
    assert store.put_bytes(key, b"scan").sha256 == hashlib.sha256(b"scan").hexdigest()
    assert len(raw.list_object_versions(Bucket=bucket, Prefix=key)["Versions"]) == 1
    assert store.get_bytes(key) == b"scan"


def test_errors_are_one_line_and_name_the_key(new_bucket: Callable[..., str]) -> None:
    store = S3ObjectStore("arkki-no-such-bucket", "")
    with pytest.raises(StoreError) as missing:
        store.put_bytes("records/x/text.txt", b"x")
    message = str(missing.value)
    assert "records/x/text.txt" in message and "NoSuchBucket" in message
    assert "\n" not in message
    unreachable = S3Options(endpoint_url=f"http://127.0.0.1:{free_port()}", max_attempts=2)
    store = S3ObjectStore(new_bucket(), "", unreachable)
    with pytest.raises(StoreError) as refused:
        store.get_bytes("records/x/text.txt")
    message = str(refused.value)
    assert message.startswith("records/x/text.txt: S3 get failed (Could not connect")
    assert "\n" not in message and "Traceback" not in message


def test_open_store_chooses_s3_from_arkki_store(
    arkki_home: Path, monkeypatch: pytest.MonkeyPatch, new_bucket: Callable[..., str]
) -> None:
    bucket = new_bucket()
    monkeypatch.setenv("ARKKI_STORE", f"s3://{bucket}/arkki")
    monkeypatch.setenv("ARKKI_S3_LOCK_DAYS", "30")
    store = open_store(Settings.from_env())
    assert isinstance(store, S3ObjectStore)
    assert (store.bucket, store.prefix, store.options.lock_days) == (bucket, "arkki", 30)
    store.put_bytes("records/x/text.txt", b"x")
    for bad, words in [
        ({"ARKKI_STORE": "s3://Bad_Bucket/x"}, "not a valid S3 bucket name"),
        ({"ARKKI_S3_LOCK_MODE": "forever"}, "invalid ARKKI_S3_LOCK_MODE"),
        ({"ARKKI_S3_PART_MB": "1"}, "invalid ARKKI_S3_PART_MB"),
        ({"ARKKI_STORE": "gs://bucket"}, "s3://bucket/prefix"),
    ]:
        with monkeypatch.context() as patch:
            for name, value in bad.items():
                patch.setenv(name, value)
            with pytest.raises(ConfigError, match=words):
                open_store(Settings.from_env())


@pytest.mark.slow
def test_an_ingest_stores_everything_in_s3(
    tmp_path: Path, raw: Any, new_bucket: Callable[..., str]
) -> None:
    bucket = new_bucket()
    batch = tmp_path / "batch"
    batch.mkdir()
    render_page(FINNISH_DECISION).save(batch / "paatos.tif", dpi=(300, 300), compression="tiff_lzw")
    env = dict(os.environ, ARKKI_HOME=str(tmp_path / "home"), ARKKI_STORE=f"s3://{bucket}/arkki")
    flows = [sys.executable, "-m", "flows"]
    result = subprocess.run(
        [*flows, "ingest", str(batch), "--json"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    [document] = json.loads(result.stdout)["documents"]
    names = [o["Key"] for o in raw.list_objects_v2(Bucket=bucket)["Contents"]]
    digest = hashlib.sha256((batch / "paatos.tif").read_bytes()).hexdigest()
    assert f"arkki/{original_key(digest)}" in names
    assert any(n.startswith(f"arkki/records/{document['id']}/") for n in names)
    assert not (tmp_path / "home" / "objects").exists()
    text = subprocess.run([*flows, "text", document["id"]], capture_output=True, text=True, env=env)
    assert text.returncode == 0, text.stderr
    assert "palkkatuki" in text.stdout.lower()
