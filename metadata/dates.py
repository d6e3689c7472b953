"""Calendar dates written the Finnish, Swedish, English or ISO way, OCR damage tolerated.

``find_dates`` lists every date in a text; ``find_document_date`` picks the date the document
itself carries (the letterhead date, or the place-and-date line of the signature).
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from metadata.fuzzy import edit_distance
from metadata.identifiers import fold_ocr_digits

# Finnish month names are compounds: maalis + kuu ("March"), inflected maaliskuuta / maaliskuun.
_FI_MONTHS = "tammi helmi maalis huhti touko kesä heinä elo syys loka marras joulu"
_SV_NAMES = "januari februari mars april maj juni juli augusti september oktober november december"
_EN_NAMES = "january february march april may june july august september october november december"

# Digits as OCR may read them: 0 -> O/o, 1 -> I/l/i, 5 -> S, 8 -> B.
_D = "[0-9OoIilSB]"
_FOLD_WORD = str.maketrans("äåöáéíì10|58", "aaoaeiilolsb")


def _fold(word: str) -> str:
    """Lower case, Finnish/Swedish letters and digit look-alikes folded."""
    return word.lower().translate(_FOLD_WORD)


def _numbered(names: str, suffix: str = "") -> dict[str, int]:
    return {_fold(name) + suffix: month for month, name in enumerate(names.split(), 1)}


_FI_PARTITIVE = _numbered(_FI_MONTHS, "kuuta")  # 12. maaliskuuta 2017
_FI_GENITIVE = _numbered(_FI_MONTHS, "kuun")  # maaliskuun 12. päivänä 2017
_EN = _numbered(_EN_NAMES)
_DAY_FIRST = {**_FI_PARTITIVE, **_EN, **_numbered(_SV_NAMES)}


def _month(word: str, names: dict[str, int]) -> int | None:
    """Month number of a (possibly OCR-damaged) month name: exact after folding, else the one
    name within 1 edit (2 for names of 10+ letters); names of 5 letters or fewer only exact."""
    folded = _fold(word)
    readings = {folded, folded.replace("rn", "m")}  # OCR reads m as rn, and u as n
    exact = [names[r] for r in readings if r in names]
    if exact or len(folded) <= 5:
        return exact[0] if exact else None
    scored = sorted(
        (min(edit_distance(r, name) for r in readings), month) for name, month in names.items()
    )
    best, month = scored[0]
    runner_up = next((d for d, m in scored if m != month), 99)
    limit = 2 if len(folded) >= 10 else 1
    return month if best <= limit and runner_up > best else None


# A day or month: a real digit first, or a look-alike that no word character precedes.
_DAY = rf"(?:(?<![\d.,])\d{_D}?|(?<![\w.,]){_D}{{1,2}})"
_YEAR = rf"(?P<y>{_D}{{4}})(?!\d)"
_WORD = r"[^\W\d_][^\W_]{2,13}"  # a word, OCR digits inside
_PAIVANA = r"(?:p[äa]iv[äa]n[äa]|p:n[äa]|pn[äa]|p\S{3,8})"
_NUMERIC = re.compile(
    rf"(?P<d>{_DAY})(?P<s1>[.,])[ \t]?(?P<m>{_D}{{1,2}})(?P<s2>[.,])[ \t]?{_YEAR}"
)
_ISO = re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])")
_NAMED: tuple[tuple[re.Pattern[str], dict[str, int]], ...] = (
    # 12. maaliskuuta 2017, 12 päivänä maaliskuuta 2017, (den) 12 mars 2017, 12 March 2017
    (
        re.compile(
            rf"(?P<d>{_DAY})\.?[ \t]+(?:{_PAIVANA}[ \t]+)?(?P<name>{_WORD})\b,?\s+{_YEAR}", re.I
        ),
        _DAY_FIRST,
    ),
    # maaliskuun 12. päivänä 2017
    (
        re.compile(
            rf"\b(?P<name>{_WORD})[ \t]+(?P<d>{_DAY})\.?[ \t]+{_PAIVANA}[ \t]+{_YEAR}", re.I
        ),
        _FI_GENITIVE,
    ),
    # March 12, 2017
    (
        re.compile(rf"\b(?P<name>{_WORD})[ \t]+(?P<d>{_DAY})(?:st|nd|rd|th)?,[ \t]+{_YEAR}", re.I),
        _EN,
    ),
)


def _number(chars: str) -> int | None:
    folded = fold_ocr_digits(chars)
    return int(folded) if folded.isdigit() else None


def _make(year: str, month: int | None, day: str) -> date | None:
    """The date, if the year has two or more real digits and lies in 1900-2100 and the day
    exists in that month; else None."""
    y, d = _number(year), _number(day)
    if y is None or d is None or month is None or sum(c.isdigit() for c in year) < 2:
        return None
    if not 1900 <= y <= 2100:
        return None
    try:
        return date(y, month, d)
    except ValueError:
        return None


def date_spans(text: str) -> list[tuple[int, int, date]]:
    """``(start, end, date)`` of every date in ``text``, in text order (see ``find_dates``)."""
    hits: list[tuple[int, int, date]] = []
    for m in _NUMERIC.finditer(text):
        if "." not in m.group("s1") + m.group("s2") and " " in m.group(0):
            continue  # "1, 2, 2020" is a list of numbers; "24,7,2023" a date misread
        day = _make(m.group("y"), _number(m.group("m")), m.group("d"))
        if day:
            hits.append((m.start(), m.end(), day))
    for m in _ISO.finditer(text):
        day = _make(m.group("y"), int(m.group("m")), m.group("d"))
        if day:
            hits.append((m.start(), m.end(), day))
    for pattern, months in _NAMED:
        for m in pattern.finditer(text):
            day = _make(m.group("y"), _month(m.group("name"), months), m.group("d"))
            if day:
                hits.append((m.start(), m.end(), day))
    return sorted(hits, key=lambda hit: (hit[0], -hit[1]))


def find_dates(text: str) -> list[date]:
    """Find calendar dates in ``text``.

    Formats: ``12.3.2017`` (blanks after the dots tolerated), ISO ``2017-03-12``, Finnish
    ``12. maaliskuuta 2017`` / ``12 päivänä maaliskuuta 2017`` / ``maaliskuun 12. päivänä
    2017``, Swedish ``12 mars 2017`` and English ``12 March 2017`` / ``March 12, 2017``.
    OCR damage: digit look-alikes (``l.2.2O20``), commas for dots (``1,2.2020``, ``1,2,2020``;
    not ``1, 2, 2020``, a list), month names one or two edits off (``helrnikuuta``,
    ``he1mikuuta``; names of five letters or fewer must be exact). Only four-digit years
    1900-2100 with at least two real digits count (``12.3.17`` is ignored); impossible dates
    such as ``31.2.2017`` are rejected. Order of first appearance, duplicates dropped.
    """
    result: list[date] = []
    for _, _, day in date_spans(text):
        if day not in result:
            result.append(day)
    return result


# --- the document's own date ------------------------------------------------------------------


def _labels(*names: str) -> tuple[str, ...]:
    return tuple(re.sub(r"[^a-z]", "", _fold(n)) for n in names)


# Labels that date the document itself (letterhead); "Aika"/"Tid" date the minutes of a meeting.
_DATING = _labels(
    "Päivämäärä", "Päiväys", "Pvm", "Päätöspäivä", "Päätöksen päivämäärä", "Antopäivä",
    "Annettu", "Laskun päiväys", "Laskun päivämäärä", "Laskupäivä", "Kokouspäivä", "Aika",
    "Datum", "Beslutsdatum", "Fakturadatum", "Utfärdat", "Givet", "Tid", "Date", "Dated",
)  # fmt: skip
# Registry stamps: when the document arrived, not when it was written. Last resort only.
_RECEIPT = _labels(
    "Saapunut", "Saapumispäivä", "Vastaanotettu", "Kirjattu", "Inkommit", "Ankomstdatum",
    "Received",
)  # fmt: skip
_OTHER = _labels(
    "Eräpäivä", "Förfallodag", "Maksupäivä", "Voimassa", "Alkaen", "Tarkastettu", "Justerat"
)
_HEAD_LINES = 15  # letterhead zone: the first non-empty lines
_TAIL_LINES = 15  # signature zone: the last non-empty lines
# Beside a bare letterhead date: a diary number ("Dnro X/1/2017"), page numbers "1 (2)".
_BARE_NOISE = re.compile(r"\b(?:[Dd]nro?|[Dd]nr|[Dd]iaari\w*|[Dd]iarie\w*)\b|\S*/\S*|\d+")
_LOCATIVE = re.compile(r"(?:ss[äa]|ll[äa])$", re.I)
_PLACE_DATE = re.compile(
    r"^[ \t]*(?P<place>[A-ZÅÄÖ][\w-]+(?:[ \t][A-ZÅÄÖ][\w-]+)?),?[ \t]+(?P<den>den[ \t]+)?$"
)


def _is_label(words: list[str], labels: tuple[str, ...]) -> bool:
    """The last one to three words (folded, joined) are one of ``labels``, one edit (OCR)
    allowed ("Datnm", "atum", "Tld")."""
    for n in (1, 2, 3):
        if len(words) < n:
            break
        joined = "".join(words[-n:])
        for label in labels:
            if joined == label or edit_distance(joined, label) <= 1:
                return True
    return False


def _words(chunk: str) -> list[str]:
    """The words of ``chunk`` folded for label matching (OCR's "rn" read back as "m")."""
    words = re.findall(r"[^\W\d_]+", chunk)
    return [re.sub(r"[^a-z]", "", _fold(w).replace("rn", "m")) for w in words]


class _LineDate(NamedTuple):
    row: int  # line number
    before: str  # the line's text before the date
    label: str  # ``before``, or the previous line when that is only a label
    after: str  # the line's text after the date
    day: date


def _line_dates(text: str) -> list[_LineDate]:
    """The first date of every line, with its surroundings."""
    lines = text.split("\n")
    firsts: dict[int, tuple[int, int, date]] = {}
    offset, starts = 0, []
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    row = 0
    for start, end, day in date_spans(text):
        while row + 1 < len(starts) and starts[row + 1] <= start:
            row += 1
        firsts.setdefault(row, (start - starts[row], end - starts[row], day))
    out = []
    for row, (start, end, day) in sorted(firsts.items()):
        before, after = lines[row][:start], lines[row][end:]
        label = before
        previous = lines[row - 1] if row > 0 else ""
        if not before.strip() and len(_words(previous)) <= 3 and not re.search(r"\d", previous):
            label = previous
        out.append(_LineDate(row, before, label, after, day))
    return out


def _place_date(before: str, after: str, *, strict: bool = False) -> bool:
    """A place-and-date line: "Helsinki 12.3.2017"; ``strict``: the place in the locative or
    followed by ``den`` ("Helsingissä 12.3.2017", "Helsingfors den 12 mars 2017")."""
    m = _PLACE_DATE.match(before)
    if not m or after.strip(" \t.,"):
        return False
    if strict and not (m.group("den") or _LOCATIVE.search(m.group("place"))):
        return False
    words = _words(m.group("place"))
    return bool(words) and not _is_label(words, _DATING + _RECEIPT + _OTHER)


def find_document_date(text: str) -> date | None:
    """The date the document is dated, or None.

    In order: (1) in the letterhead zone (first 15 non-empty lines) a date right after a
    dating label (Päivämäärä, Päiväys, Pvm, Päätöspäivä, Laskun päiväys, Aika, Datum,
    Beslutsdatum, Fakturadatum, Tid, Date ...; on the line or alone on the line before; one
    OCR edit tolerated: "Datnm", "Tld"); (2) there, a place-date line in the locative
    or with ``den`` ("Helsingissä 12.3.2017", "Turussa 1. helmikuuta 2020", "Åbo den 1
    februari 2020"); (3) there, a line holding only the date (beside an all-capitals heading
    or a diary number at most); (4) the last place-date line of the signature zone (last 15
    non-empty lines), nominative place names included ("Helsinki 10.4.2017"); (5) a date after
    a registry stamp label (Saapunut, Inkommit ...) in the letterhead zone. Dates quoted in
    running text (a "hakemus 1.2.2020" in a decision) are never chosen: they have none of these
    settings. Every date comes from ``date_spans``, so it exists in the calendar.
    """
    found = _line_dates(text)
    filled = [i for i, line in enumerate(text.split("\n")) if line.strip()]
    head = [hit for hit in found if hit.row in set(filled[:_HEAD_LINES])]
    tail = [hit for hit in found if hit.row in set(filled[-_TAIL_LINES:])]
    for hit in head:
        words = _words(hit.label)
        if words and len(words) <= 6 and _is_label(words, _DATING):
            return hit.day
    for hit in head:
        if _place_date(hit.before, hit.after, strict=True):
            return hit.day
    for hit in head:
        rest = _BARE_NOISE.sub("", hit.before + " " + hit.after)
        if not any(ch.islower() for ch in rest) and not _is_label(_words(hit.label), _RECEIPT):
            return hit.day
    for hit in reversed(tail):
        if _place_date(hit.before, hit.after):
            return hit.day
    for hit in head:
        if _is_label(_words(hit.label), _RECEIPT):
            return hit.day
    return None
