from __future__ import annotations

import os
from pathlib import Path

import pytest

from flows.batch import BatchInputError, plan_batch


def _files(folder: Path, *names: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(name.encode())


def test_each_file_is_one_document_without_manifest(tmp_path: Path) -> None:
    _files(tmp_path, "a.tif", "b.png", "c.pdf")
    plan = plan_batch(tmp_path)
    assert [[f.name for f in d.files] for d in plan.documents] == [["a.tif"], ["b.png"], ["c.pdf"]]
    assert plan.problems == []


def test_batch_id_is_stable_and_depends_on_content(tmp_path: Path) -> None:
    _files(tmp_path, "a.tif")
    first = plan_batch(tmp_path).id
    assert plan_batch(tmp_path).id == first
    (tmp_path / "a.tif").write_bytes(b"changed")
    assert plan_batch(tmp_path).id != first


def test_manifest_groups_files_and_sets_defaults(tmp_path: Path) -> None:
    _files(tmp_path, "s1.tif", "s2.tif", "other.png")
    (tmp_path / "batch.toml").write_text(
        'agency = "VARELY"\nseries = "Yritystuet"\nlanguages = "swe"\n'
        '[[documents]]\nfiles = ["s2.tif", "s1.tif"]\n',
        encoding="utf-8",
    )
    plan = plan_batch(tmp_path)
    assert plan.manifest.agency == "VARELY" and plan.manifest.languages == "swe"
    assert [[f.name for f in d.files] for d in plan.documents] == [
        ["s2.tif", "s1.tif"],
        ["other.png"],
    ]


def test_manifest_naming_a_missing_file_is_reported(tmp_path: Path) -> None:
    _files(tmp_path, "s1.tif")
    (tmp_path / "batch.toml").write_text('[[documents]]\nfiles = ["s1.tif", "s9.tif"]\n')
    plan = plan_batch(tmp_path)
    assert plan.problems == [("s9.tif", "batch.toml names s9.tif, which is not in the batch")]
    assert [[f.name for f in d.files] for d in plan.documents] == [["s1.tif"]]


@pytest.mark.parametrize(
    ("content", "words"),
    [("agency = ", "malformed TOML"), ("colour = 'red'\n", "invalid manifest (colour")],
)
def test_bad_manifest_is_rejected_and_batch_goes_on(
    tmp_path: Path, content: str, words: str
) -> None:
    _files(tmp_path, "a.tif")
    (tmp_path / "batch.toml").write_text(content)
    plan = plan_batch(tmp_path)
    assert len(plan.documents) == 1
    [(name, reason)] = plan.problems
    assert name == "batch.toml" and words in reason and "manifest ignored" in reason


def test_non_utf8_file_name_is_kept_and_flagged(tmp_path: Path) -> None:
    odd = os.fsdecode(b"p\xe4\xe4t\xf6s.png")
    (tmp_path / odd).write_bytes(b"x")
    [document] = plan_batch(tmp_path).documents
    [batch_file] = document.files
    assert batch_file.name == "p\\xe4\\xe4t\\xf6s.png"
    assert "not valid UTF-8" in batch_file.name_problem


def test_unusable_input_paths(tmp_path: Path) -> None:
    with pytest.raises(BatchInputError, match="no such file"):
        plan_batch(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(BatchInputError, match="holds no scan files"):
        plan_batch(tmp_path / "empty")


def test_single_file_batch(tmp_path: Path) -> None:
    _files(tmp_path, "only.tif")
    plan = plan_batch(tmp_path / "only.tif")
    assert [f.name for f in plan.files] == ["only.tif"]
