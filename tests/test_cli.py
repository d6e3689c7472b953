"""The CLI contract: exit codes, one-line errors, --json prints one JSON document."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ARKKI = [sys.executable, "-m", "flows"]


def run(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ARKKI_HOME=str(home))
    return subprocess.run(ARKKI + args, capture_output=True, text=True, env=env, timeout=120)


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("arkki: "), result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["search"],
        ["ingest"],
        ["nonsense-command"],
        ["search", "x", "--limit", "0"],
        ["search", "x", "--filter", "colour=red"],
        ["search", "x", "--filter", "noequals"],
        ["show", "d-doesnotexist"],
        ["text", "d-doesnotexist"],
    ],
)
def test_bad_usage_exits_2_with_one_line(tmp_path: Path, args: list[str]) -> None:
    assert_one_line_error(run(args, tmp_path), 2)


def test_unreadable_input_path_exits_2(tmp_path: Path) -> None:
    result = run(["ingest", str(tmp_path / "no-such-batch"), "--json"], tmp_path)
    assert_one_line_error(result, 2)
    assert "no-such-batch" in result.stderr and result.stdout == ""


def test_empty_folder_exits_2(tmp_path: Path) -> None:
    (tmp_path / "batch").mkdir()
    assert_one_line_error(run(["ingest", str(tmp_path / "batch")], tmp_path), 2)


def test_bad_configuration_exits_2(tmp_path: Path) -> None:
    env = dict(os.environ, ARKKI_HOME=str(tmp_path), ARKKI_WORKERS="many")
    result = subprocess.run([*ARKKI, "search", "x"], capture_output=True, text=True, env=env)
    assert_one_line_error(result, 2)
    assert "ARKKI_" in result.stderr


def test_search_json_on_an_empty_archive(tmp_path: Path) -> None:
    result = run(["search", "palkkatuki", "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["total"] == 0 and document["hits"] == []
    assert set(document) == {"total", "hits", "facets"}


def test_samples_json(tmp_path: Path) -> None:
    result = run(["samples", str(tmp_path / "b"), "--count", "2", "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert len(document["documents"]) == 2
    for truth in document["documents"]:
        for name in truth["files"]:
            assert (tmp_path / "b" / name).exists()
