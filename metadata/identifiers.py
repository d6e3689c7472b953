"""Finnish identifiers in free text: diary numbers, business IDs (Y-tunnus), HETU.

Each finder returns results in order of first appearance, without duplicates, and tolerates
the usual OCR damage (look-alike digits O o I i l S B, lost or stray blanks, misread registry
codes). A business ID or HETU that needed repair counts only when its check character is
right (python-stdnum), so a repair never turns an invalid code into a reported one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from stdnum.fi import hetu, ytunnus

from metadata.agencies import REGISTRY_CODES, nearest_registry_code
from metadata.models import PersonalData

# --- OCR look-alikes in digit positions ------------------------------------------------------

OCR_DIGIT = "[0-9OoIilSB]"  # a digit as OCR may read it: 0 -> O/o, 1 -> I/l/i, 5 -> S, 8 -> B
_FOLD_DIGITS = str.maketrans("OoIilSB", "0011158")
_DASHES = "‐‑–-"  # hyphen and the dashes word processors and OCR put in its place


def fold_ocr_digits(chars: str) -> str:
    """``chars`` with the OCR look-alikes of digits (O o I i l S B) turned into digits."""
    return chars.translate(_FOLD_DIGITS)


def _mostly_digits(chars: str, share: float = 0.5) -> bool:
    """At least ``share`` of ``chars`` are real digits (look-alikes are only repairs)."""
    return sum(c.isdigit() for c in chars) >= share * len(chars)


# A letter may stand right before a code whose first character is a real digit: the blank
# in "Y-tunnus 0223296-4" or "henkilötunnus 131052-308T" is sometimes lost in OCR.
_START = r"(?:(?<![\w+\-‐‑–])|(?<=[^\W\d_])(?=\d))"

# --- diary numbers ---------------------------------------------------------------------------

# Slash with tolerated spacing: blanks on either side, at most one line break.
_SL = r"[ \t]*(?:\r?\n[ \t]*)?/[ \t]*(?:\r?\n[ \t]*)?"
_NUM = rf"{OCR_DIGIT}{{1,6}}"
_CLASS = rf"{OCR_DIGIT}{{1,4}}(?:[.,]{OCR_DIGIT}{{1,4}})*"  # OCR reads . as ,
_YEAR = rf"{OCR_DIGIT}{{4}}"
# Registry codes of other agencies: quoted in decisions (shared corpus README), then common
# state agencies whose abbreviations lie one letter from an ELY/TE/KEHA code or from each
# other (KELA vs KEHA), so that they are never "repaired" into one.
_OTHER_CODES = frozenset((
    "ESAVI", "LSSAVI", "PSAVI", "ISAVI", "LSAVI", "TEM", "STM", "VM", "LVM", "VNK", "OKV",
    "EOAK", "TRAFI", "TRAFICOM", "VAYLA", "YSO", "VH", "AL",
    "KELA", "THL", "STUK", "VALVIRA", "FIMEA", "TUKES", "PRH", "MML", "SYKE", "LUKE",
    "EVIRA", "MAVI", "VTV", "OKM", "MMM", "YM", "OM", "SM", "UM", "PLM",
))  # fmt: skip
_LOOKALIKE_LETTERS = {"O": "O0", "I": "Il1", "S": "S5", "B": "B8", "Ä": "ÄA", "Ö": "ÖO0"}


def _code_pattern(code: str) -> str:
    """A known registry code with OCR look-alikes and at most stray blanks between letters."""
    return "[ ]?".join(f"[{_LOOKALIKE_LETTERS.get(c, c)}]" for c in code)


_KNOWN_CODES = sorted(REGISTRY_CODES | _OTHER_CODES, key=len, reverse=True)
_KNOWN_CODE_RES = {code: re.compile(_code_pattern(code)) for code in _KNOWN_CODES}
_KNOWN = "|".join(_code_pattern(c) for c in _KNOWN_CODES)
_AGENCY = rf"(?:{_KNOWN}|[A-ZÅÄÖ]{{2,10}}(?:[-/][A-ZÅÄÖ]{{2,10}})*)"

# <AGENCY>/<running number>/[<records-plan class>/]<year>, e.g. VARELY/45/07.00/2016. A
# lower-case letter may stand right before or after it (a blank lost in OCR: "DnroUUDELY/...",
# ".../2018antamassaan").
_END = r"(?![0-9A-ZÅÄÖ_/])"
_AGENCY_RE = re.compile(
    rf"(?<![A-ZÅÄÖ0-9/-])(?P<ref>(?P<code>{_AGENCY}){_SL}"
    rf"(?P<nums>{_NUM}(?:{_SL}{_CLASS})?{_SL}{_YEAR})){_END}"
)
# Bare numeric references count only after an explicit label: "Dnro 1234/2017", "Dnr 973/420/2013".
_LABEL = (
    r"\b(?:[Dd]nr[o0]|[Dd]nr|[Dd]no|DNRO|DNR|[Dd]iaari(?:nro|numero\w{0,6})|DIAARINUMERO"
    r"|[Dd]iarie(?:nr|nummer\w{0,4})|DIARIENUMMER|[Aa]sianumero\w{0,5})"
)
_LABELLED_RE = re.compile(
    rf"{_LABEL}[.:]?[ \t]*(?:n:o[ \t]*)?"
    rf"(?P<ref>(?:(?P<code>{_AGENCY}){_SL})?(?P<nums>{_NUM}(?:{_SL}{_CLASS}){{1,3}}))(?![\w/])"
)
# A known registry code with one slash lost in OCR (or in the source): "KEHA/120132023",
# "KEHA13919/2019", "KAIELY/5/07.002010". The year is always the last four digits.
_GLUED_RE = re.compile(
    rf"(?<![A-ZÅÄÖ0-9/-])(?P<code>{_KNOWN})(?P<s1>{_SL})?(?P<num>[0-9]{{1,6}}?)"
    rf"(?:(?P<s2>{_SL})(?P<cls>[0-9]{{2}}(?:[.,][0-9]{{2}})+))?"
    rf"(?P<s3>{_SL})?(?P<year>(?:19|20)[0-9]{{2}}){_END}"
)
# EU legal acts look like agency diary numbers: "asetus EY/1346/2000", "(EG/44/2001)".
_NOT_AGENCIES = frozenset({"EY", "EG", "EU", "ETY", "EEG", "EC", "EEC", "EYVL"})
_OCR_SEGMENT = str.maketrans("OoIilSB,", "0011158.")
_SPACED_SLASH = re.compile(r"\s*/\s*")
_YEAR_END = re.compile(r"/(19|20)\d\d$")
_SOFT_BREAKS = re.compile(r"\u00ad|(?<=[A-ZÅÄÖ])-\r?\n(?=[A-ZÅÄÖ])")


def _agency_code(head: str) -> str:
    """The registry code of an OCR-damaged known code ("P1REL Y" -> "PIRELY", "UDTE" ->
    "UUDTE"), else ``head`` as it is."""
    for code, pattern in _KNOWN_CODE_RES.items():
        if pattern.fullmatch(head):
            return code
    return nearest_registry_code(head, _OTHER_CODES) or head


def _damaged_copy(ref: str, refs: list[str], seen: Counter[str]) -> bool:
    """``ref`` stands once, and another reference standing two or more times is ``ref`` with
    one more digit: the letterhead's number, repeated in running heads, read once badly."""
    return seen[ref] == 1 and any(seen[o] >= 2 and _lost_digit(ref, o) for o in refs)


def _lost_digit(short: str, full: str) -> bool:
    """``short`` is ``full`` with one digit of one numeric segment lost, all else equal:
    "UUDTE/242/2020" beside "UUDTE/2424/2020" (OCR drops characters, it rarely adds digits)."""
    a, b = short.split("/"), full.split("/")
    diff = [k for k in range(len(a)) if len(a) == len(b) and a[k] != b[k]]
    if len(diff) != 1:
        return False
    x, y = a[diff[0]], b[diff[0]]
    return (
        y.isdigit() and len(y) == len(x) + 1 and any(y[:k] + y[k + 1 :] == x for k in range(len(y)))
    )


def _clean_numeric(segment: str) -> str | None:
    """OCR-repair one numeric segment; None when it has no real digit to anchor on."""
    if not any(c.isdigit() for c in segment):
        return None
    return segment.translate(_OCR_SEGMENT)


def _normalise_ref(code: str | None, nums: str) -> str | None:
    """``CODE/n/.../year`` with bare slashes: the registry code OCR-repaired when it is a known
    one, each numeric segment OCR-repaired; None when a segment has no real digit."""
    cleaned = [_clean_numeric(p) for p in _SPACED_SLASH.split(nums.strip())]
    if len(cleaned) < 2 or any(c is None for c in cleaned):
        return None
    head = [_agency_code(p) for p in _SPACED_SLASH.split(code.strip())] if code else []
    return "/".join(head + [c for c in cleaned if c is not None])


def find_diary_numbers(text: str) -> list[str]:
    """Find agency diary numbers (diaarinumero / diarienummer).

    Recognised: ``AGENCY/number/[class/]year`` with an upper-case registry code of 2-10
    letters (``UUDELY/1290/2017``, ``VARELY/45/07.00/2016``, also compound codes such as
    ``STM/TRO/KH/58/2005``), the year being 1900-2099. Purely numeric references
    (``1234/2017``, ``973/420/2013``, ``5796/1/17``) only directly after a label: Dnro, Dnr,
    Diaarinumero, Diarienummer, Asianumero. EU acts (``EY/1346/2000``) are not diary numbers.
    Output is normalised: no whitespace around slashes, soft hyphens removed, OCR look-alikes
    ``O/o`` -> ``0``, ``l/I/i`` -> ``1``, ``S`` -> ``5``, ``B`` -> ``8`` and ``,`` -> ``.``
    inside numeric segments (a segment must contain a real digit). A registry code OCR
    damaged is repaired when it is a known one with look-alike letters or stray blanks
    (``P1REL Y`` -> ``PIRELY``) or one edit from exactly one known code (``UDTE`` ->
    ``UUDTE``, see ``nearest_registry_code``). With a known code one lost slash is tolerated
    (``KEHA/120132023``, ``KEHA13919/2019``, ``KAIELY/5/07.002010``: the last four digits are
    the year), and a lower-case word may be glued on after the year (a lost blank). A
    reference standing once that is another one standing two or more times with one digit
    lost is dropped (a badly read copy of the letterhead's number). Order of first
    appearance, duplicates dropped.
    """
    text = _SOFT_BREAKS.sub("", text)
    candidates: list[tuple[int, str | None, str, bool]] = []  # start, code, numbers, a year?
    for m in (*_AGENCY_RE.finditer(text), *_LABELLED_RE.finditer(text)):
        needs_year = m.re is _AGENCY_RE or m.group("code") is not None
        candidates.append((m.start("ref"), m.group("code"), m.group("nums"), needs_year))
    for m in _GLUED_RE.finditer(text):
        if [m["s1"], m["s3"]].count(None) == 1:  # exactly one slash lost
            nums = "/".join(p for p in (m["num"], m["cls"], m["year"]) if p)
            candidates.append((m.start(), m.group("code"), nums, True))
    found: list[tuple[int, str]] = []
    for start, code, nums, needs_year in candidates:
        ref = _normalise_ref(code, nums)
        if not ref or ref.split("/")[0] in _NOT_AGENCIES:
            continue
        if needs_year and not _YEAR_END.search(ref):
            continue  # with a registry code the last segment is a four-digit year
        found.append((start, ref))
    refs = _unique(ref for _, ref in sorted(found))
    seen = Counter(ref for _, ref in found)
    return [r for r in refs if not _damaged_copy(r, refs, seen)]


# --- business IDs ----------------------------------------------------------------------------

_YTUNNUS_RE = re.compile(
    rf"{_START}({OCR_DIGIT}{{7}})[ \t]?[{_DASHES}][ \t]?({OCR_DIGIT})(?![\w{_DASHES}])"
)
_BID_LABEL = r"(?i:y-?tunnus|fo-?nummer|business id)[:.]?[ \t]*"
_OLD_YTUNNUS_RE = re.compile(
    rf"{_BID_LABEL}({OCR_DIGIT}{{6}})[ \t]?[{_DASHES}][ \t]?({OCR_DIGIT})(?![\w{_DASHES}])"
)
# After a label the hyphen may be one OCR lost: "Y-tunnus: 10240702".
_NO_HYPHEN_RE = re.compile(rf"{_BID_LABEL}({OCR_DIGIT}{{7}})({OCR_DIGIT})(?![\w{_DASHES}])")
_VAT_RE = re.compile(rf"(?<![\w])F[Il1][ \t]?({OCR_DIGIT}{{8}})(?![\w])")


def find_business_ids(text: str) -> list[str]:
    """Find Finnish business IDs (Y-tunnus) and return them as ``NNNNNNN-C``.

    Accepted forms: ``1234567-8`` (also with an en dash or a blank around the hyphen), the
    old six-digit form after a ``Y-tunnus``/``FO-nummer`` label (zero-padded to seven digits),
    eight digits after such a label (the hyphen lost in OCR) and the VAT form ``FI12345678``.
    OCR look-alikes in digit positions are repaired (O/o -> 0, I/l/i -> 1, S -> 5, B -> 8)
    when at least half of the digits are real ones. Every candidate, repaired or not, must
    pass the ``stdnum.fi.ytunnus`` check; invalid ones are dropped. Order of first appearance,
    duplicates dropped.
    """
    found: list[tuple[int, str]] = []
    for m in _YTUNNUS_RE.finditer(text):
        found.append((m.start(1), m.group(1) + "-" + m.group(2)))
    for m in _OLD_YTUNNUS_RE.finditer(text):
        found.append((m.start(1), "0" + m.group(1) + "-" + m.group(2)))
    for m in _NO_HYPHEN_RE.finditer(text):
        found.append((m.start(1), m.group(1) + "-" + m.group(2)))
    for m in _VAT_RE.finditer(text):
        found.append((m.start(1), m.group(1)[:7] + "-" + m.group(1)[7]))
    codes = (
        fold_ocr_digits(raw) for _, raw in sorted(found) if _mostly_digits(raw.replace("-", ""))
    )
    return _unique(code for code in codes if ytunnus.is_valid(code))


# --- personal identity codes -----------------------------------------------------------------

# The check character never is G I O Q Z, so O/o and I/l/i there can only be 0 and 1.
_FOLD_CHECK = str.maketrans("OoIil", "00111")
# DDMMYY, century sign, NNN, check character; a line break may follow a dash sign (wrapping).
_HETU_RE = re.compile(
    rf"{_START}(?P<date>{OCR_DIGIT}{{6}})(?P<sign>[-+A-FU-Y‐‑–])(?:(?<=[{_DASHES}])\r?\n)?"
    rf"(?P<num>{OCR_DIGIT}{{3}})(?P<check>[0-9A-FHJ-NPR-YoOIil])(?![\w{_DASHES}])"
)


@dataclass(frozen=True)
class _HetuMatch:
    """One HETU-shaped string: its span in the text, the code with OCR look-alikes repaired,
    and whether the text had it exactly (no repair needed)."""

    start: int
    end: int
    code: str
    exact: bool

    @property
    def masked(self) -> str:
        """Birth date and century sign, then ``****``: ``010190-****``."""
        return self.code[:7] + "****"


def _hetu_matches(text: str) -> list[_HetuMatch]:
    """Every HETU-shaped string in ``text`` as it stands, OCR look-alikes repaired.

    Exact shape: six digits, a century sign from ``+ - Y X W V U A B C D E F``, three digits,
    a check character from the mod-31 alphabet (a dash sign may be an en dash and may end a
    line). Look-alikes in the nine digit positions (O/o I/l/i S B) and O/o I/l/i in the check
    position (letters the alphabet lacks) are repaired; a blank inside is not tolerated.
    Validity is not checked here.
    """
    out: list[_HetuMatch] = []
    for m in _HETU_RE.finditer(text):
        raw = m.group("date") + m.group("num")
        if not _mostly_digits(raw):
            continue
        sign = "-" if m.group("sign") in _DASHES else m.group("sign")
        digits = fold_ocr_digits(raw)
        code = f"{digits[:6]}{sign}{digits[6:]}{m.group('check').translate(_FOLD_CHECK)}"
        exact = raw.isdigit() and m.group(0).replace("\n", "") == code
        out.append(_HetuMatch(m.start(), m.end(), code, exact))
    return out


def find_personal_identity_codes(text: str) -> list[PersonalData]:
    """Find henkilötunnus (HETU) codes and report them masked.

    A string with the exact HETU shape (see ``_hetu_matches``) is reported whether valid or
    not; ``valid`` is ``stdnum.fi.hetu.is_valid`` with the temporary/test range 900-999
    allowed. A string that needed OCR repair is reported only when the repaired code is valid.
    The returned model holds only the birth-date part and the century sign (``010190-****``);
    the individual number and the check character never leave this function. One entry per
    distinct code, in order.
    """
    seen: set[str] = set()
    result: list[PersonalData] = []
    for m in _hetu_matches(text):
        valid = hetu.is_valid(m.code, allow_temporary=True)
        if m.code in seen or not (valid or m.exact):
            continue
        seen.add(m.code)
        result.append(PersonalData(masked=m.masked, valid=valid))
    return result


def _unique(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out
