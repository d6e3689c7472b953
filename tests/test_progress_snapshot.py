"""Stage-by-stage progress written by one process (``arkki ingest``) for another (the web
app) to read while it runs."""

from __future__ import annotations

from pathlib import Path

from flows.progress import SnapshotFile, read_snapshot


def test_the_snapshot_follows_every_stage_and_ends_complete(tmp_path: Path) -> None:
    path = tmp_path / "u1.progress.json"
    assert read_snapshot(path) == {}
    snapshot = SnapshotFile(path, interval=3600)  # only completions and close() write
    snapshot.start("store", 3)
    snapshot.advance("store", 3)
    assert read_snapshot(path)["store"] == {"done": 3, "total": 3}
    snapshot.grow("ocr", 4)
    snapshot.advance("ocr")
    assert "ocr" not in read_snapshot(path)  # throttled: not written mid-stage
    snapshot.close()
    assert read_snapshot(path) == {
        "store": {"done": 3, "total": 3},
        "ocr": {"done": 1, "total": 4},
    }


def test_a_broken_or_foreign_file_reads_as_no_progress(tmp_path: Path) -> None:
    (tmp_path / "p.json").write_text("{not json")
    (tmp_path / "q.json").write_text("[1, 2]")
    assert read_snapshot(tmp_path / "p.json") == {} == read_snapshot(tmp_path / "q.json")
