"""The flat CSV form of a records plan: one row per process, hierarchy from the class codes.

Layout (UTF-8, a BOM is tolerated; comma or semicolon as delimiter, detected from the header):

- Optional preamble lines before the header, ``# key: value``, one per plan-level key
  (``title``, ``organisation``, ``version``, ``state``, ``valid_from``, ``valid_until``,
  ``author``, ``notes``, ``general_class``). Other ``#`` lines are comments.
- A header row naming the columns: the class columns ``code``, ``title_fi``, ``title_sv``,
  ``description`` and the process columns ``process_id``, ``process_description`` and the
  process keys of the YAML form (``publicity_class`` ... ``keywords_sv``). Column order is free.
- One row per process, with its class columns filled in (a later row of the same class may leave
  them empty). A class without processes of its own (a main class or other upper class) gets a
  row with only the class columns. The parent of ``03.01.02`` is ``03.01``.
- List cells (``doc_types``, ``agency_kinds``, ``keywords_fi``, ``keywords_sv``) separate their
  items with ``|`` (``,`` and ``;`` are accepted too). Empty cells mean "not given".
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from typing import Any

from metadata.plan_terms import CLASS_KEYS, LIST_KEYS, PLAN_KEYS, PROCESS_KEYS

# CSV column -> process key: the two columns that would clash with the class columns.
_PROCESS_COLUMNS = {"process_id": "id", "process_description": "description"} | {
    key: key for key in PROCESS_KEYS if key not in ("id", "description")
}
COLUMNS = CLASS_KEYS + tuple(_PROCESS_COLUMNS)
_PREAMBLE = re.compile(r"#\s*([a-z_]+)\s*:\s*(.*)")
_SPLIT = re.compile(r"\s*[|,;]\s*")


def read_csv(text: str) -> tuple[dict[str, Any], list[str]]:
    """Parse the CSV form into the same raw structure the YAML form has.

    Returns ``(data, problems)``: ``data`` for ``RecordsPlan.model_validate`` and the CSV-level
    problems (unknown or missing columns, rows longer than the header, class columns that
    differ between rows of one class), one line each with the line number or class code.
    """
    text = text.removeprefix("\ufeff")
    delimiter = _delimiter(text)
    plan: dict[str, Any] = {}
    classes: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    header: list[str] | None = None
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    for row in reader:
        cells = _trim(row)
        if not cells:
            continue
        if cells[0].lstrip().startswith("#"):
            if header is None:
                _preamble(delimiter.join(cells), plan)
            continue
        if header is None:
            header = [cell.strip().lower() for cell in cells]
            problems += _check_header(header)
            continue
        if len(cells) > len(header):
            problems.append(f"line {reader.line_num}: {len(cells)} cells but {len(header)} columns")
        values = {col: cell.strip() for col, cell in zip(header, cells, strict=False)}
        _add_row(values, reader.line_num, classes, problems)
    if header is None:
        problems.append("csv: no header row")
    plan["classes"] = _tree(classes)
    return plan, problems


def write_csv(data: Mapping[str, Any]) -> str:
    """The CSV form of a plan given as ``RecordsPlan.model_dump(mode="json")``.

    ``read_csv`` of the result validates to an equal plan (same content hash). Raises
    ``ValueError`` when a plan-level value spans lines (the preamble holds one line each).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for key in PLAN_KEYS:
        value = data.get(key)
        if value in (None, ""):
            continue
        if "\n" in str(value):
            raise ValueError(f"plan key {key} spans lines; the CSV preamble holds one line")
        writer.writerow([f"# {key}: {value}"])
    writer.writerow(COLUMNS)
    for node in _preorder(data.get("classes", ())):
        head = [_cell(node.get(key)) for key in CLASS_KEYS]
        if not node.get("processes"):
            writer.writerow(head + [""] * len(_PROCESS_COLUMNS))
        for process in node.get("processes", ()):
            writer.writerow(head + [_cell(process.get(key)) for key in _PROCESS_COLUMNS.values()])
    return out.getvalue()


def _delimiter(text: str) -> str:
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return ";" if line.count(";") > line.count(",") else ","
    return ","


def _trim(row: list[str]) -> list[str]:
    """Drop trailing empty cells (spreadsheets pad rows); [] for an all-empty row."""
    while row and not row[-1].strip():
        row = row[:-1]
    return row


def _preamble(line: str, plan: dict[str, Any]) -> None:
    match = _PREAMBLE.fullmatch(line.strip())
    if match and match.group(1) in PLAN_KEYS and match.group(2).strip():
        plan[match.group(1)] = match.group(2).strip()


def _check_header(header: list[str]) -> list[str]:
    problems = [f"csv: unknown column {col!r}" for col in header if col not in COLUMNS]
    problems += [f"csv: duplicate column {col!r}" for col in set(header) if header.count(col) > 1]
    if "code" not in header:
        problems.append("csv: the column 'code' is missing")
    return problems


def _add_row(
    values: dict[str, str], line: int, classes: dict[str, dict[str, Any]], problems: list[str]
) -> None:
    code = values.get("code", "")
    if not code:
        problems.append(f"line {line}: code: empty")
        return
    node = classes.get(code)
    if node is None:
        node = {key: values.get(key, "") for key in CLASS_KEYS}
        node |= {"children": [], "processes": []}
        classes[code] = node
    for key in CLASS_KEYS[1:]:
        new = values.get(key, "")
        if new and node[key] and new != node[key]:
            problems.append(f"{code}: {key}: differs between rows ({node[key]!r}, {new!r})")
        elif new:
            node[key] = new
    process: dict[str, Any] = {}
    for column, key in _PROCESS_COLUMNS.items():
        value = values.get(column, "")
        if value:
            process[key] = [v for v in _SPLIT.split(value) if v] if key in LIST_KEYS else value
    if process:
        node["processes"].append(process)


def _tree(classes: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Attach each class to its parent by code; a class whose parent is absent stays on top
    (the plan checks then name the missing parent)."""
    top: list[dict[str, Any]] = []
    for code, node in classes.items():
        parent = classes.get(code.rpartition(".")[0]) if "." in code else None
        (parent["children"] if parent is not None else top).append(node)
    return top


def _preorder(nodes: Any) -> list[Mapping[str, Any]]:
    out: list[Mapping[str, Any]] = []
    for node in nodes:
        out.append(node)
        out += _preorder(node.get("children", ()))
    return out


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " | ".join(str(v) for v in value)
    return str(value)
