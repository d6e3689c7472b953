from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from infra.store import (
    ChecksumMismatch,
    ImmutableObject,
    LocalObjectStore,
    ObjectNotFound,
    original_key,
    sha256_file,
)


@pytest.fixture
def store(tmp_path: Path) -> LocalObjectStore:
    return LocalObjectStore(tmp_path / "objects")


def test_original_is_content_addressed_and_verified(
    store: LocalObjectStore, tmp_path: Path
) -> None:
    source = tmp_path / "scan.tif"
    source.write_bytes(b"scan bytes")
    digest = sha256_file(source)
    head = store.put_file(original_key(digest), source, digest, "image/tiff")
    assert head.sha256 == hashlib.sha256(b"scan bytes").hexdigest()
    assert head.key.endswith(digest) and head.size == 10
    assert store.get_bytes(head.key) == b"scan bytes"
    assert store.head(head.key) == head


def test_wrong_checksum_is_refused_and_leaves_nothing(
    store: LocalObjectStore, tmp_path: Path
) -> None:
    source = tmp_path / "scan.tif"
    source.write_bytes(b"scan bytes")
    with pytest.raises(ChecksumMismatch):
        store.put_file(original_key("0" * 64), source, "0" * 64)
    assert list(store.list()) == []
    assert not [p for p in store.root.rglob("*") if p.is_file()]


def test_originals_are_write_once(store: LocalObjectStore) -> None:
    key = original_key(hashlib.sha256(b"a").hexdigest())
    store.put_bytes(key, b"a")
    assert store.put_bytes(key, b"a").sha256 == hashlib.sha256(b"a").hexdigest()
    with pytest.raises(ImmutableObject):
        store.put_bytes(key, b"b")
    assert store.get_bytes(key) == b"a"


def test_derivatives_may_be_replaced(store: LocalObjectStore) -> None:
    store.put_bytes("records/x/record.json", b"{}")
    store.put_bytes("records/x/record.json", b'{"a": 1}')
    assert store.get_bytes("records/x/record.json") == b'{"a": 1}'


def test_changed_object_is_never_served(store: LocalObjectStore) -> None:
    store.put_bytes("records/x/text.txt", b"original text")
    path = store.root / "records/x/text.txt"
    path.write_bytes(b"tampered text")
    with pytest.raises(ChecksumMismatch):
        store.get_bytes("records/x/text.txt")
    with pytest.raises(ChecksumMismatch):
        store.materialize("records/x/text.txt", store.root)


def test_missing_and_invalid_keys(store: LocalObjectStore) -> None:
    assert store.head("records/none") is None
    with pytest.raises(ObjectNotFound):
        store.get_bytes("records/none")
    with pytest.raises(Exception, match="invalid object key"):
        store.put_bytes("../escape", b"x")


def test_list_by_prefix(store: LocalObjectStore) -> None:
    store.put_bytes("records/a/text.txt", b"a")
    store.put_bytes("derivatives/b", b"b")
    assert [h.key for h in store.list("records/")] == ["records/a/text.txt"]


def test_materialize_checks_again_after_a_change_on_disk(store: LocalObjectStore) -> None:
    key = original_key(hashlib.sha256(b"scan").hexdigest())
    store.put_bytes(key, b"scan")
    assert store.materialize(key, store.root).read_bytes() == b"scan"
    path = store.root / key
    path.chmod(0o644)
    path.write_bytes(b"scam")
    stat = path.stat()  # coarse file-system clocks: make the change visible in mtime
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    with pytest.raises(ChecksumMismatch):
        store.materialize(key, store.root)
