"""A record title from the document's heading and subject line."""

from __future__ import annotations

import re

from metadata.doctype import find_heading, is_salutation
from metadata.models import DOC_TYPES

MAX_TITLE = 200
_SCAN_LINES = 25
_SUBJECT = re.compile(
    r"^(?:asia|ärende|arende|aihe|ämne|amne|subject|koskee|angående|angaende)"
    r"(?:\s*:\s*|\t+|\s{2,})(?P<rest>.*)$|^(?:asia|ärende|aihe|ämne|subject)\s*:?$",
    re.I,
)
_NOT_SUBSTANTIVE = re.compile(
    r"^(?:d:?nro|dnr|diaari|diarie|pvm|päivämäärä|datum|date|sivu|sida|page|liite|bilaga|"
    r"puh|tel|fax|e-?mail|sähköposti|www\.|http|vastaanottaja|mottagare|y-tunnus|fo-nummer|"
    r"viite|hänvisning|hyvä|bästa|arvoisa|hej|hei|dear)\b|^\d{5}\s",
    re.I,
)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _substantive(line: str) -> bool:
    letters = sum(c.isalpha() for c in line)
    return (
        letters >= 8
        and letters >= 0.5 * len(line.replace(" ", ""))
        and not (_NOT_SUBSTANTIVE.match(line))
    )


def _first_sentence(line: str) -> str:
    m = re.search(r"(?<=[a-zåäö)])[.!?](?=\s+[A-ZÅÄÖ])", line)
    return line[: m.start()] if m else line.rstrip(".")


def _subject(lines: list[str], after: int) -> str | None:
    for i, line in enumerate(lines):
        m = _SUBJECT.match(line)
        if m:
            rest = (m.group("rest") or "").strip()
            if not rest and i + 1 < len(lines):
                rest = lines[i + 1]
            if rest:
                return _first_sentence(_squash(rest))
    for line in lines[after:]:
        if _substantive(line):
            return _first_sentence(_squash(line))
    return None


def _heading_text(line: str, word: str) -> str:
    head = line if len(line.split()) <= 8 else word
    if head.isupper():
        head = head.capitalize()
    return head.rstrip(":.")


def _truncate(title: str) -> str:
    if len(title) <= MAX_TITLE:
        return title
    cut = title[: MAX_TITLE - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–") + "…"


def extract_title(text: str, doc_type: str) -> str:
    """Build a title for the record.

    ``heading + ": " + subject`` where the heading is the line that announces the type
    (all-caps turned into sentence case; only the heading word if the line is long) and the
    subject is the ``Asia:``/``Ärende:``/``Aihe:`` line or else the first substantive line after
    the heading or the letter salutation (its first sentence). Without a heading line, the
    Finnish label of ``doc_type`` stands in for it (not for ``muu``). Whitespace is normalised,
    the result is at most 200 characters and never empty: the Finnish label of the type is the
    last resort.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()][:_SCAN_LINES]
    label = DOC_TYPES.get(doc_type, DOC_TYPES["muu"])[0].capitalize()
    found = find_heading("\n".join(lines))
    head = _heading_text(found[1], found[2]) if found else None
    greeting = next((i + 1 for i, line in enumerate(lines) if is_salutation(line)), 0)
    subject = _subject(lines, after=found[0] if found else greeting)
    if head is None and doc_type != "muu":
        head = label
    if subject and head and not subject.lower().startswith(head.lower()):
        title = f"{head}: {subject}"
    else:
        title = subject or head or label
    return _truncate(_squash(title)) or label
