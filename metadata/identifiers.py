"""Finnish identifiers in free text: diary numbers, business IDs (Y-tunnus), HETU.

Each finder returns results in order of first appearance, without duplicates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from stdnum.fi import hetu, ytunnus

from metadata.models import PersonalData

# --- diary numbers ---------------------------------------------------------------------------

# Slash with tolerated spacing: blanks on either side, at most one line break.
_SL = r"[ \t]*(?:\r?\n[ \t]*)?/[ \t]*(?:\r?\n[ \t]*)?"
_DIGITISH = r"[0-9OoIl]"  # OCR reads 0 as O/o and 1 as l/I
_NUM = rf"{_DIGITISH}{{1,6}}"
_CLASS = rf"{_DIGITISH}{{1,4}}(?:\.{_DIGITISH}{{1,4}})*"
_YEAR = rf"{_DIGITISH}{{4}}"
_AGENCY = r"[A-ZÅÄÖ]{2,10}(?:[-/][A-ZÅÄÖ]{2,10})*"

# <AGENCY>/<running number>/[<records-plan class>/]<year>, e.g. VARELY/45/07.00/2016
_AGENCY_RE = re.compile(
    rf"(?<![\w/-])(?P<ref>{_AGENCY}{_SL}{_NUM}(?:{_SL}{_CLASS})?{_SL}{_YEAR})(?![\w/])"
)
# Bare numeric references count only after an explicit label: "Dnro 1234/2017", "Dnr 973/420/2013".
_LABEL = (
    r"\b(?:[Dd]nro|[Dd]nr|[Dd]no|DNRO|DNR|[Dd]iaari(?:nro|numero\w{0,6})|DIAARINUMERO"
    r"|[Dd]iarie(?:nr|nummer\w{0,4})|DIARIENUMMER|[Aa]sianumero\w{0,5})"
)
_LABELLED_RE = re.compile(
    rf"{_LABEL}[.:]?[ \t]*(?:n:o[ \t]*)?"
    rf"(?P<ref>(?:[A-ZÅÄÖ]{{1,10}}{_SL})?{_NUM}(?:{_SL}{_CLASS}){{1,3}})(?![\w/])"
)
# EU legal acts look like agency diary numbers: "asetus EY/1346/2000", "(EG/44/2001)".
_NOT_AGENCIES = frozenset({"EY", "EG", "EU", "ETY", "EEG", "EC", "EEC", "EYVL"})
_OCR_DIGITS = str.maketrans("OoIl", "0011")
_SPACED_SLASH = re.compile(r"\s*/\s*")
_YEAR_END = re.compile(r"/(19|20)\d\d$")
_SOFT_BREAKS = re.compile(r"\u00ad|(?<=[A-ZÅÄÖ])-\r?\n(?=[A-ZÅÄÖ])")


def _clean_numeric(segment: str) -> str | None:
    """OCR-repair one numeric segment; None when it has no real digit to anchor on."""
    if not any(c.isdigit() for c in segment):
        return None
    return segment.translate(_OCR_DIGITS)


def _normalise_ref(raw: str) -> str | None:
    """Join the segments with bare slashes; OCR-repair the numeric ones (after the letters)."""
    parts = _SPACED_SLASH.split(raw.strip())
    n_head = 0
    while n_head < len(parts) and not any(c.isdigit() for c in parts[n_head]):
        n_head += 1
    cleaned = [_clean_numeric(p) for p in parts[n_head:]]
    if len(cleaned) < 2 or any(c is None for c in cleaned):
        return None
    return "/".join(parts[:n_head] + [c for c in cleaned if c is not None])


def find_diary_numbers(text: str) -> list[str]:
    """Find agency diary numbers (diaarinumero / diarienummer).

    Recognised: ``AGENCY/number/[class/]year`` with an upper-case registry code of 2-10
    letters (``UUDELY/1290/2017``, ``VARELY/45/07.00/2016``, also compound codes such as
    ``STM/TRO/KH/58/2005``), the year being 1900-2099. Purely numeric references
    (``1234/2017``, ``973/420/2013``, ``5796/1/17``) only directly after a label: Dnro, Dnr,
    Diaarinumero, Diarienummer, Asianumero. EU acts (``EY/1346/2000``) are not diary numbers.
    Output is normalised: no whitespace around slashes, soft hyphens removed, OCR ``O/o`` ->
    ``0`` and ``l/I`` -> ``1`` inside numeric segments (a segment must contain a real digit).
    Order of first appearance, duplicates dropped.
    """
    text = _SOFT_BREAKS.sub("", text)
    found: list[tuple[int, str]] = []
    for m in _AGENCY_RE.finditer(text):
        ref = _normalise_ref(m.group("ref"))
        if ref and ref.split("/")[0] not in _NOT_AGENCIES and _YEAR_END.search(ref):
            found.append((m.start("ref"), ref))
    for m in _LABELLED_RE.finditer(text):
        ref = _normalise_ref(m.group("ref"))
        if ref:
            found.append((m.start("ref"), ref))
    return _unique(ref for _, ref in sorted(found))


# --- business IDs ----------------------------------------------------------------------------

_YTUNNUS_RE = re.compile(r"(?<![\w-])(\d{7})[ \t]?[-‐‑–][ \t]?(\d)(?![\w-])")
_OLD_YTUNNUS_RE = re.compile(
    r"(?i:y-?tunnus|fo-?nummer|business id)[:.]?[ \t]*(\d{6})[ \t]?[-‐‑–][ \t]?(\d)(?![\w-])"
)
_VAT_RE = re.compile(r"(?<![\w])FI[ \t]?(\d{8})(?![\w])")


def find_business_ids(text: str) -> list[str]:
    """Find Finnish business IDs (Y-tunnus) and return them as ``NNNNNNN-C``.

    Accepted forms: ``1234567-8`` (also with an en dash or a blank around the hyphen), the
    old six-digit form after a ``Y-tunnus``/``FO-nummer`` label (zero-padded to seven digits),
    and the VAT form ``FI12345678``. Every candidate must pass the ``stdnum.fi.ytunnus``
    check; invalid ones are dropped. Order of first appearance, duplicates dropped.
    """
    found: list[tuple[int, str]] = []
    for m in _YTUNNUS_RE.finditer(text):
        found.append((m.start(), f"{m.group(1)}-{m.group(2)}"))
    for m in _OLD_YTUNNUS_RE.finditer(text):
        found.append((m.start(1), f"0{m.group(1)}-{m.group(2)}"))
    for m in _VAT_RE.finditer(text):
        digits = m.group(1)
        found.append((m.start(), f"{digits[:7]}-{digits[7]}"))
    return _unique(code for _, code in sorted(found) if ytunnus.is_valid(code))


# --- personal identity codes -----------------------------------------------------------------

# DDMMYY, century sign (+, - or YXWVU for the 1900s, A-F for the 2000s), NNN, check character.
_HETU_RE = re.compile(r"(?<![\w+-])(\d{6})([-+A-FU-Y])(\d{3})([0-9A-FHJ-NPR-Y])(?![\w-])")


def find_personal_identity_codes(text: str) -> list[PersonalData]:
    """Find strings with the exact shape of a henkilötunnus (HETU) and report them masked.

    Shape: six digits, a century sign from ``+ - Y X W V U A B C D E F``, three digits and a
    check character from the mod-31 alphabet. The returned model holds only the birth-date
    part and the century sign (``010190-****``); the individual number and the check
    character never leave this function. ``valid`` is ``stdnum.fi.hetu.is_valid`` with the
    temporary/test range 900-999 allowed. One entry per distinct code, in order.
    """
    seen: set[str] = set()
    result: list[PersonalData] = []
    for m in _HETU_RE.finditer(text):
        code = m.group(0)
        if code in seen:
            continue
        seen.add(code)
        result.append(
            PersonalData(
                masked=f"{m.group(1)}{m.group(2)}****",
                valid=hetu.is_valid(code, allow_temporary=True),
            )
        )
    return result


def _unique(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out
