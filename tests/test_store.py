"""The local-folder object store: the shared contract, plus what is particular to files."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from infra.store import LocalObjectStore, ObjectStore, original_key
from tests.store_contract import Corrupt, ObjectStoreContract, StoreFactory


def _corrupt(store: ObjectStore, key: str, data: bytes) -> None:
    assert isinstance(store, LocalObjectStore)
    path = store.root / key
    path.chmod(0o644)
    path.write_bytes(data)
    stat = path.stat()  # coarse file-system clocks: make the change visible in mtime
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


class TestLocalObjectStore(ObjectStoreContract):
    @pytest.fixture
    def make_store(self, tmp_path: Path) -> StoreFactory:
        count = iter(range(1000))
        return lambda: LocalObjectStore(tmp_path / f"objects-{next(count)}")

    @pytest.fixture
    def corrupt(self) -> Corrupt:
        return _corrupt


@pytest.fixture
def store(tmp_path: Path) -> LocalObjectStore:
    return LocalObjectStore(tmp_path / "objects")


def test_a_refused_write_leaves_no_file(store: LocalObjectStore, tmp_path: Path) -> None:
    source = tmp_path / "scan.tif"
    source.write_bytes(b"scan bytes")
    with pytest.raises(Exception, match="differs from expected"):
        store.put_file(original_key("0" * 64), source, "0" * 64)
    assert not [p for p in store.root.rglob("*") if p.is_file()]


def test_originals_are_read_only_on_disk(store: LocalObjectStore) -> None:
    key = original_key(hashlib.sha256(b"a").hexdigest())
    store.put_bytes(key, b"a")
    assert not os.access(store.root / key, os.W_OK) or os.geteuid() == 0


def test_materialize_is_the_stored_file_and_checks_again_after_a_change(
    store: LocalObjectStore,
) -> None:
    key = original_key(hashlib.sha256(b"scan").hexdigest())
    store.put_bytes(key, b"scan")
    assert store.materialize(key, store.root) == store.root / key
    _corrupt(store, key, b"scam")
    with pytest.raises(Exception, match="no longer matches"):
        store.materialize(key, store.root)


def test_presigned_url_is_a_file_url(store: LocalObjectStore) -> None:
    store.put_bytes("records/x/a b.txt", b"x")
    assert store.presigned_url("records/x/a b.txt").startswith("file:///")
