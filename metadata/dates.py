"""Calendar dates written the Finnish, Swedish, English or ISO way."""

from __future__ import annotations

import re
from datetime import date

# Finnish month names are compounds: maalis + kuu ("March"), inflected maaliskuuta / maaliskuun.
_FI_MONTHS = "tammi helmi maalis huhti touko kesä heinä elo syys loka marras joulu"
_SV_NAMES = "januari februari mars april maj juni juli augusti september oktober november december"
_EN_NAMES = "january february march april may june july august september october november december"


def _fold(word: str) -> str:
    return word.lower().replace("ä", "a").replace("ö", "o")


def _numbered(names: str, suffix: str = "") -> dict[str, int]:
    return {_fold(name) + suffix: month for month, name in enumerate(names.split(), 1)}


_FI_PARTITIVE = _numbered(_FI_MONTHS, "kuuta")  # 12. maaliskuuta 2017
_FI_GENITIVE = _numbered(_FI_MONTHS, "kuun")  # maaliskuun 12. päivänä 2017
_EN = _numbered(_EN_NAMES)
_DAY_FIRST = {**_FI_PARTITIVE, **_EN, **_numbered(_SV_NAMES)}


def _alternation(names: dict[str, int]) -> str:
    """Regex alternation of the names, also with Finnish ä where the folded name has a."""
    variants = set(names)
    for stem in _FI_MONTHS.split():
        variants |= {n.replace(_fold(stem), stem) for n in names if n.startswith(_fold(stem))}
    return "|".join(sorted(variants, key=len, reverse=True))


_YEAR = r"(?P<y>\d{4})(?!\d)"
_PAIVANA = r"(?:päivänä|paivana|p:nä|pnä)"
_PATTERNS: tuple[tuple[re.Pattern[str], dict[str, int]], ...] = (
    # 12.3.2017, 12. 3. 2017
    (re.compile(rf"(?<![\d.])(?P<d>\d{{1,2}})\.[ \t]?(?P<m>\d{{1,2}})\.[ \t]?{_YEAR}"), {}),
    # 2017-03-12
    (re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])"), {}),
    # 12. maaliskuuta 2017, 12 päivänä maaliskuuta 2017, (den) 12 mars 2017, 12 March 2017
    (
        re.compile(
            rf"(?<![\d.])(?P<d>\d{{1,2}})\.?\s+(?:{_PAIVANA}\s+)?"
            rf"(?P<name>{_alternation(_DAY_FIRST)})\b,?\s+{_YEAR}",
            re.I,
        ),
        _DAY_FIRST,
    ),
    # maaliskuun 12. päivänä 2017
    (
        re.compile(
            rf"\b(?P<name>{_alternation(_FI_GENITIVE)})\s+(?P<d>\d{{1,2}})\.?\s+{_PAIVANA}\s+{_YEAR}",
            re.I,
        ),
        _FI_GENITIVE,
    ),
    # March 12, 2017
    (
        re.compile(
            rf"\b(?P<name>{_alternation(_EN)})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,\s+{_YEAR}", re.I
        ),
        _EN,
    ),
)


def find_dates(text: str) -> list[date]:
    """Find calendar dates in ``text``.

    Formats: ``12.3.2017`` (blanks after the dots tolerated), ISO ``2017-03-12``, Finnish
    ``12. maaliskuuta 2017`` / ``12 päivänä maaliskuuta 2017`` / ``maaliskuun 12. päivänä
    2017``, Swedish ``12 mars 2017`` and English ``12 March 2017`` / ``March 12, 2017``.
    Only four-digit years 1900-2100 count (``12.3.17`` is ignored); impossible dates such as
    ``31.2.2017`` are rejected. Order of first appearance, duplicates dropped.
    """
    hits: list[tuple[int, date]] = []
    for pattern, months in _PATTERNS:
        for m in pattern.finditer(text):
            month = months.get(_fold(m.group("name"))) if months else int(m.group("m"))
            year = int(m.group("y"))
            if month is None or not 1900 <= year <= 2100:
                continue
            try:
                hits.append((m.start(), date(year, month, int(m.group("d")))))
            except ValueError:
                continue
    result: list[date] = []
    for _, day in sorted(hits):
        if day not in result:
            result.append(day)
    return result
