"""Backend-agnostic behaviour of an ``ObjectStore`` (infra.store).

Use it from a test module by subclassing and providing two fixtures::

    class TestMyBackend(ObjectStoreContract):
        @pytest.fixture
        def make_store(self, tmp_path): return lambda: MyStore(...)   # fresh, empty stores

        @pytest.fixture
        def corrupt(self): return lambda store, key, data: ...  # change bytes behind its back
"""

from __future__ import annotations

import hashlib
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from infra.store import (
    ChecksumMismatch,
    ImmutableObject,
    ObjectNotFound,
    ObjectStore,
    StoreError,
    original_key,
    sha256_file,
)

StoreFactory = Callable[[], ObjectStore]
Corrupt = Callable[[ObjectStore, str, bytes], None]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ObjectStoreContract:
    @pytest.fixture
    def store(self, make_store: StoreFactory) -> ObjectStore:
        return make_store()

    def test_original_is_content_addressed_and_verified(
        self, store: ObjectStore, tmp_path: Path
    ) -> None:
        source = tmp_path / "scan.tif"
        source.write_bytes(b"scan bytes")
        digest = sha256_file(source)
        head = store.put_file(original_key(digest), source, digest, "image/tiff")
        assert head.sha256 == sha(b"scan bytes")
        assert head.key.endswith(digest) and head.size == 10
        assert head.content_type == "image/tiff"
        assert store.get_bytes(head.key) == b"scan bytes"
        assert store.head(head.key) == head

    def test_wrong_checksum_is_refused_and_leaves_nothing(
        self, store: ObjectStore, tmp_path: Path
    ) -> None:
        source = tmp_path / "scan.tif"
        source.write_bytes(b"scan bytes")
        with pytest.raises(ChecksumMismatch, match="differs from expected"):
            store.put_file(original_key("0" * 64), source, "0" * 64)
        with pytest.raises(ChecksumMismatch):
            store.put_file("derivatives/x", source, "0" * 64)
        assert list(store.list()) == []
        assert store.head(original_key("0" * 64)) is None

    def test_originals_are_write_once(self, store: ObjectStore) -> None:
        key = original_key(sha(b"a"))
        first = store.put_bytes(key, b"a")
        assert store.put_bytes(key, b"a") == first
        with pytest.raises(ImmutableObject, match=key):
            store.put_bytes(key, b"b")
        assert store.get_bytes(key) == b"a"

    def test_identical_original_from_a_file_is_a_no_op(
        self, store: ObjectStore, tmp_path: Path
    ) -> None:
        source = tmp_path / "scan.tif"
        source.write_bytes(b"the scan")
        key = original_key(sha(b"the scan"))
        first = store.put_file(key, source, sha(b"the scan"), "image/tiff")
        again = store.put_file(key, source, sha(b"the scan"), "image/png")
        assert again == first and again.content_type == "image/tiff"

    def test_derivatives_may_be_replaced(self, store: ObjectStore) -> None:
        store.put_bytes("records/x/record.json", b"{}")
        store.put_bytes("records/x/record.json", b'{"a": 1}', "application/json")
        assert store.get_bytes("records/x/record.json") == b'{"a": 1}'
        head = store.head("records/x/record.json")
        assert head is not None and head.content_type == "application/json"
        assert head.sha256 == sha(b'{"a": 1}')

    def test_changed_object_is_never_served(
        self, store: ObjectStore, corrupt: Corrupt, tmp_path: Path
    ) -> None:
        store.put_bytes("records/x/text.txt", b"original text")
        corrupt(store, "records/x/text.txt", b"tampered text")
        with pytest.raises(ChecksumMismatch):
            store.get_bytes("records/x/text.txt")
        with pytest.raises(ChecksumMismatch):
            store.materialize("records/x/text.txt", tmp_path / "work")

    def test_changed_original_is_never_served(
        self, store: ObjectStore, corrupt: Corrupt, tmp_path: Path
    ) -> None:
        key = original_key(sha(b"scan"))
        store.put_bytes(key, b"scan")
        assert store.materialize(key, tmp_path / "work").read_bytes() == b"scan"
        corrupt(store, key, b"scam")
        with pytest.raises(ChecksumMismatch):
            store.get_bytes(key)
        with pytest.raises(ChecksumMismatch):
            store.materialize(key, tmp_path / "other-work")

    def test_missing_and_invalid_keys(self, store: ObjectStore, tmp_path: Path) -> None:
        assert store.head("records/none") is None
        with pytest.raises(ObjectNotFound):
            store.get_bytes("records/none")
        with pytest.raises(ObjectNotFound):
            store.materialize("records/none", tmp_path)
        with pytest.raises(StoreError, match="invalid object key"):
            store.put_bytes("../escape", b"x")

    def test_list_by_prefix(self, store: ObjectStore) -> None:
        store.put_bytes("records/b/text.txt", b"b")
        store.put_bytes("records/a/text.txt", b"a")
        store.put_bytes("derivatives/b", b"b")
        assert [h.key for h in store.list("records/")] == [
            "records/a/text.txt",
            "records/b/text.txt",
        ]
        assert [h.sha256 for h in store.list("derivatives/")] == [sha(b"b")]
        assert len(list(store.list())) == 3

    def test_materialize_gives_a_file_with_the_exact_bytes(
        self, store: ObjectStore, tmp_path: Path
    ) -> None:
        data = bytes(range(256)) * 1000
        key = original_key(sha(data))
        store.put_bytes(key, data, "image/tiff")
        path = store.materialize(key, tmp_path / "work")
        assert path.read_bytes() == data
        assert store.materialize(key, tmp_path / "work").read_bytes() == data

    def test_presigned_url_downloads_the_exact_bytes(self, store: ObjectStore) -> None:
        data = b"\x00\xffarkki\n" * 100
        store.put_bytes("records/x/record.pdf", data, "application/pdf")
        url = store.presigned_url("records/x/record.pdf", 60)
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.read() == data
        with pytest.raises(ObjectNotFound):
            store.presigned_url("records/none")

    def test_delete_removes_the_object_and_says_whether_there_was_one(
        self, store: ObjectStore
    ) -> None:
        key = original_key(sha(b"to be destroyed"))
        store.put_bytes(key, b"to be destroyed", "image/tiff")
        store.put_bytes("records/x/text.txt", b"text")
        assert store.delete(key) is True
        assert store.head(key) is None
        with pytest.raises(ObjectNotFound):
            store.get_bytes(key)
        assert store.delete(key) is False
        assert [h.key for h in store.list()] == ["records/x/text.txt"]
        assert store.put_bytes(key, b"to be destroyed").sha256 == sha(b"to be destroyed")
