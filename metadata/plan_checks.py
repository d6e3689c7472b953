"""Whole-plan checks on the raw plan data, and pydantic errors as one-line messages.

Both work on the plain data as loaded from YAML or CSV (mappings and lists), before the
models exist, so that every problem in a plan is reported in one go: a wrong enumeration value
in one process does not hide a duplicate class code elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from metadata.doctype import fold
from metadata.models import DOC_TYPES
from metadata.plan_terms import MIN_KEYWORD, PERMANENT, PUBLIC, PUBLICITY_CLASSES

_CODE = re.compile(r"\d{1,4}(?:\.\d{1,4})*")
_UNKNOWN_PARENT = "?"  # the parent's own code is unusable: skip the hierarchy check
_LIST_SEPARATORS = re.compile(r"[|,;]")


@dataclass
class _Seen:
    codes: set[str] = field(default_factory=set)
    leaves: set[str] = field(default_factory=set)
    process_ids: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def check_tree(data: object) -> list[str]:
    """Problems that span fields or classes, as one-line messages (empty: none found).

    Checked: class codes (digit groups joined by dots, one group more than the parent class,
    unique; at least one), leaf classes have processes and other classes none, process ids unique,
    secrecy period and reason present unless ``Julkinen`` (and absent when it is), retention
    trigger present unless retention is permanent (-1), document types known, keywords long
    enough, ``general_class`` names a leaf class. Types and enumerations are pydantic's job;
    values of the wrong type are skipped here.
    """
    if not isinstance(data, Mapping):
        return []
    seen = _Seen()
    classes = data.get("classes")
    if isinstance(classes, list | tuple) and not classes:
        seen.problems.append("plan: classes: the plan has no classes")
    if isinstance(classes, list | tuple):
        for index, node in enumerate(classes):
            _check_class(node, None, f"classes[{index}]", seen)
    general = data.get("general_class")
    if isinstance(general, str) and general and seen.codes:
        if general not in seen.codes:
            seen.problems.append(f"plan: general_class: class {general} is not in the plan")
        elif general not in seen.leaves:
            seen.problems.append(
                f"plan: general_class: class {general} has subclasses; the fallback must be "
                "a leaf class"
            )
    return seen.problems


def _check_class(node: object, parent: str | None, path: str, seen: _Seen) -> None:
    if not isinstance(node, Mapping):
        return
    code = node.get("code")
    where = code if isinstance(code, str) and code else path
    if isinstance(code, str) and code:
        _check_code(code, parent, seen)
    children = _as_list(node.get("children"))
    processes = _as_list(node.get("processes"))
    if children and processes:
        seen.problems.append(
            f"{where}: processes: only leaf classes have processes; this class has subclasses"
        )
    if not children and not processes:
        seen.problems.append(
            f"{where}: processes: a leaf class needs at least one process (käsittelyprosessi)"
        )
    if not children and isinstance(code, str):
        seen.leaves.add(code)
    for index, process in enumerate(processes):
        _check_process(process, f"{where} process", index, seen)
    child_parent = code if isinstance(code, str) and _CODE.fullmatch(code) else _UNKNOWN_PARENT
    for index, child in enumerate(children):
        _check_class(child, child_parent, f"{where}.children[{index}]", seen)


def _check_code(code: str, parent: str | None, seen: _Seen) -> None:
    """Format, place in the hierarchy (``parent`` None: top level) and uniqueness."""
    own_parent = code.rpartition(".")[0] or None
    if not _CODE.fullmatch(code):
        seen.problems.append(f"{code}: code: expected digit groups joined by dots, e.g. 05.01.02")
    elif parent != _UNKNOWN_PARENT and own_parent != parent:
        seen.problems.append(
            f"{code}: code: a subclass of {parent} must be coded {parent}.NN"
            if parent
            else f"{code}: code: a main class (pääluokka) has one digit group; is the parent "
            f"class {own_parent} missing?"
        )
    if code in seen.codes:
        seen.problems.append(f"{code}: code: duplicate class code")
    seen.codes.add(code)


def _check_process(node: object, where: str, index: int, seen: _Seen) -> None:
    if not isinstance(node, Mapping):
        return
    pid = node.get("id")
    if isinstance(pid, str) and pid:
        where = f"{where} {pid}"
        if pid in seen.process_ids:
            seen.problems.append(f"{where}: id: duplicate process id")
        seen.process_ids.add(pid)
    else:
        where = f"{where} #{index + 1}"
    problems = seen.problems
    publicity = node.get("publicity_class")
    if publicity in PUBLICITY_CLASSES and publicity != PUBLIC:
        for key in ("secrecy_period", "secrecy_reason"):
            if _blank(node.get(key)):
                problems.append(f"{where}: {key}: required when publicity_class is '{publicity}'")
    elif publicity == PUBLIC:
        for key in ("secrecy_period", "secrecy_reason", "secrecy_trigger"):
            if not _blank(node.get(key)):
                problems.append(f"{where}: {key}: must be empty when publicity_class is 'Julkinen'")
    retention = _as_int(node.get("retention_period"))
    if retention is not None and retention != PERMANENT and _blank(node.get("retention_trigger")):
        problems.append(
            f"{where}: retention_trigger: required unless retention_period is {PERMANENT} "
            "(permanent)"
        )
    unknown = [
        d for d in _as_list(node.get("doc_types")) if isinstance(d, str) and d not in DOC_TYPES
    ]
    if unknown:
        problems.append(
            f"{where}: doc_types: unknown document type {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(DOC_TYPES)}"
        )
    for key in ("keywords_fi", "keywords_sv"):
        for keyword in _as_list(node.get(key)):
            if isinstance(keyword, str):
                _check_keyword(keyword, f"{where}: {key}", problems)


def _check_keyword(keyword: str, where: str, problems: list[str]) -> None:
    if _LIST_SEPARATORS.search(keyword):
        problems.append(f"{where}: {keyword!r} contains a list separator (| , ;)")
    elif len(keyword.split()) == 1 and len(fold(keyword.strip())) < MIN_KEYWORD:
        problems.append(
            f"{where}: {keyword!r} is too short; a one-word keyword needs "
            f"at least {MIN_KEYWORD} letters"
        )


def describe_validation_error(error: ValidationError, data: object) -> list[str]:
    """Pydantic's errors as one-line messages ``<class code [process id]>: <key>: <problem>``.

    ``data`` is the raw input that failed, used to name classes by their code rather than by
    their position in the file.
    """
    out: list[str] = []
    for item in error.errors(include_url=False):
        where, key = _locate(data, item["loc"])
        if item["type"] == "missing":
            text = "required"
        elif item["type"] == "extra_forbidden":
            text = "unknown key (a typo?)"
        else:
            text = item["msg"]
            value = item.get("input")
            if isinstance(value, str | int | float | bool) or value is None:
                text += f", got {value!r}"
            if item["type"] == "string_type" and isinstance(value, int | float):
                text += "; quote it in YAML, e.g. code: '05.01'"
        out.append(f"{where}: {key}: {text}")
    return out


def _locate(data: object, loc: Sequence[int | str]) -> tuple[str, str]:
    """(where, key) for a pydantic error location inside the raw plan data."""
    where, start, node, parent_key = "plan", 0, data, None
    for i, part in enumerate(loc):
        try:
            node = node[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int) and isinstance(node, Mapping):
            if parent_key in ("classes", "children"):
                code = node.get("code")
                where = code if isinstance(code, str) and code else f"{parent_key}[{part}]"
                start = i + 1
            elif parent_key == "processes":
                pid = node.get("id")
                label = pid if isinstance(pid, str) and pid else f"#{part + 1}"
                where = f"{where.split(' process ')[0]} process {label}"
                start = i + 1
        parent_key = part
    key = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc[start:]).lstrip(".")
    return where, key or "(entry)"


def _as_list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _as_int(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
