"""ELY centres, TE offices and the KEHA centre named in free text, and their roles.

The gazetteer holds the 15 ELY centres, the 15 TE offices and KEHA-keskus with their registry
codes and their Finnish and Swedish names (full and short). ``find_agencies`` matches the names
on an OCR-tolerant canonical form of the text (see ``_canon``), with a few edits allowed per
name, so "Uudenmaan ELY-keskukselle", "Uudenmaan ELY-kes kus" and "NTM-centralen i Ny1and" all
resolve to UUDELY. Each mention gets a role from where it stands: ``sender`` (letterhead or
signature/footer block), ``recipient`` (after a recipient label or in an address block) or
``mentioned``.

Registry codes: the ELY codes are attested in KHO decisions (shared corpus README) except
SATELY, ESAELY and POHELY, which follow the same pattern but are unverified. KEHA and every TE
code (``UUDTE`` ...) are assumptions: no real KEHA or TE-office diary number has been seen.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from metadata.fuzzy import edit_distance

Role = Literal["sender", "recipient", "mentioned"]

# prefix, Finnish genitive, Swedish name, ELY code attested in a real decision
_REGIONS: tuple[tuple[str, str, str, bool], ...] = (
    ("UUD", "Uudenmaan", "Nyland", True),
    ("VAR", "Varsinais-Suomen", "Egentliga Finland", True),
    ("SAT", "Satakunnan", "Satakunta", False),  # SATELY: assumption
    ("HAM", "Hämeen", "Tavastland", True),
    ("PIR", "Pirkanmaan", "Birkaland", True),
    ("KAS", "Kaakkois-Suomen", "Sydöstra Finland", True),
    ("ESA", "Etelä-Savon", "Södra Savolax", False),  # ESAELY: assumption
    ("POS", "Pohjois-Savon", "Norra Savolax", True),
    ("POK", "Pohjois-Karjalan", "Norra Karelen", True),
    ("KES", "Keski-Suomen", "Mellersta Finland", True),
    ("EPO", "Etelä-Pohjanmaan", "Södra Österbotten", True),
    ("POH", "Pohjanmaan", "Österbotten", False),  # POHELY: assumption
    ("POP", "Pohjois-Pohjanmaan", "Norra Österbotten", True),
    ("KAI", "Kainuun", "Kajanaland", True),
    ("LAP", "Lapin", "Lappland", True),
)


@dataclass(frozen=True)
class Agency:
    """One agency: registry code, kind, official Finnish and Swedish names."""

    code: str
    kind: Literal["ely", "te", "keha"]
    fin: str
    swe: str
    attested: bool  # the registry code is seen in a real diary number


@dataclass(frozen=True)
class AgencyMention:
    """An agency named in a text: registry code, official name (in the language of the
    mention) and role (``sender``, ``recipient`` or ``mentioned``)."""

    code: str
    name: str
    role: Role


def _gazetteer() -> dict[str, Agency]:
    out: dict[str, Agency] = {}
    for prefix, fi, sv, attested in _REGIONS:
        ely = Agency(
            f"{prefix}ELY",
            "ely",
            f"{fi} elinkeino-, liikenne- ja ympäristökeskus",
            f"Närings-, trafik- och miljöcentralen i {sv}",
            attested,
        )
        # TE-office codes are an assumption modelled on the ELY codes (UUDTE, VARTE, ...).
        te = Agency(
            f"{prefix}TE",
            "te",
            f"{fi} työ- ja elinkeinotoimisto",
            f"Arbets- och näringsbyrån i {sv}",
            False,
        )
        out[ely.code], out[te.code] = ely, te
    out["KEHA"] = Agency(  # KEHA/<n>/<year>: an assumption, no real example seen
        "KEHA",
        "keha",
        "Elinkeino-, liikenne- ja ympäristökeskusten sekä työ- ja elinkeinotoimistojen "
        "kehittämis- ja hallintokeskus",
        "Utvecklings- och förvaltningscentret för NTM-centralerna och arbets- och näringsbyråerna",
        False,
    )
    return out


AGENCIES: dict[str, Agency] = _gazetteer()
REGISTRY_CODES: frozenset[str] = frozenset(AGENCIES)


def nearest_registry_code(code: str, others: frozenset[str] = frozenset()) -> str | None:
    """The one known registry code one edit away from ``code`` (a letter OCR lost, added or
    changed: "UDTE" -> "UUDTE", "VAREL" -> "VARELY", "EOK" -> "EOAK"), else None. Known: the
    gazetteer's codes and those of ``others`` with four or more letters (short codes are too
    close to each other: VNK, VNP). None as well when ``code`` is itself known (in the
    gazetteer or in ``others``), shorter than three letters, or one edit from two known codes
    ("POELY": POHELY, POKELY, POPELY, POSELY)."""
    if len(code) < 3 or code in REGISTRY_CODES or code in others:
        return None
    targets = REGISTRY_CODES | {c for c in others if len(c) >= 4}
    near = [c for c in targets if edit_distance(code, c) == 1]
    return near[0] if len(near) == 1 else None


# --- canonical form: OCR look-alikes and Finnish/Swedish letters folded, separators dropped ----

_FOLD = str.maketrans(
    {
        "ä": "a", "å": "a", "á": "a", "à": "a", "ö": "o", "ó": "o", "0": "o", "é": "e",
        "c": "e", "i": "l", "í": "l", "ì": "l", "ï": "l", "1": "l", "|": "l", "!": "l",
        "5": "s", "8": "h", "b": "h", "u": "n",
    }
)  # fmt: skip


def _canon(text: str) -> tuple[str, list[int]]:
    """Lower-case ``text`` with look-alikes merged (i/l/1, o/0, c/e, u/n, b/h/8, s/5, rn -> m)
    and everything but letters and digits dropped; also the original offset of each char."""
    chars: list[str] = []
    where: list[int] = []
    i = 0
    while i < len(text):
        ch = text[i].lower()[:1]  # one character each, so that offsets stay true
        if ch == "r" and text[i + 1 : i + 2] in ("n", "N"):
            chars.append("m")
            where.append(i)
            i += 2
            continue
        if ch.isalnum():
            chars.append(ch.translate(_FOLD))
            where.append(i)
        i += 1
    return "".join(chars), where


def _canon_str(text: str) -> str:
    return _canon(text)[0]


def _budget(pattern: str) -> int:
    """Edits allowed when matching a canonical name of this length."""
    return 0 if len(pattern) < 6 else 1 if len(pattern) < 14 else 2 if len(pattern) < 26 else 3


def _prefix_match(pattern: str, text: str, start: int, k: int) -> tuple[int, int] | None:
    """``(edits, end)`` of the best match of all of ``pattern`` against ``text`` from exactly
    ``start`` (free end) with at most ``k`` Levenshtein edits; None when there is none.
    Banded: only alignments within ``k`` of the diagonal are computed."""
    window = text[start : start + len(pattern) + k]
    over = k + 1
    prev = [j if j <= k else over for j in range(len(window) + 1)]
    for i, p_ch in enumerate(pattern, 1):
        lo, hi = max(0, i - k), min(len(window), i + k)
        cur = [over] * (len(window) + 1)
        if lo == 0:
            cur[0] = i if i <= k else over
        row_best = cur[0] if lo == 0 else over
        for j in range(max(1, lo), hi + 1):
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (p_ch != window[j - 1]), over)
            cur[j] = value
            row_best = min(row_best, value)
        if row_best > k:
            return None
        prev = cur
    best = min(range(len(prev)), key=lambda j: (prev[j], abs(j - len(pattern))))
    return (prev[best], start + best) if prev[best] <= k else None


def _suffix_match(pattern: str, text: str, end: int, k: int) -> tuple[int, int] | None:
    """``(edits, start)`` of the best match of ``pattern`` ending exactly at ``end``."""
    lo = max(0, end - len(pattern) - k)
    hit = _prefix_match(pattern[::-1], text[lo:end][::-1], 0, k)
    return None if hit is None else (hit[0], end - hit[1])


def _occurrences(pattern: str, text: str, k: int) -> list[tuple[int, int, int]]:
    """``(start, end, edits)`` of the matches of ``pattern`` in ``text`` with at most ``k``
    edits.

    Pigeonhole filter: a match with <= k edits contains one of k+1 pieces of the pattern
    exactly; each exact piece hit is confirmed with ``_prefix_match`` around it, and of the
    overlapping confirmations the one with the fewest edits is kept.
    """
    size = max(1, len(pattern) // (k + 1))
    found: dict[int, tuple[int, int]] = {}
    for n in range(k + 1):
        offset = n * size
        piece = pattern[offset : offset + size] if n < k else pattern[offset:]
        at = text.find(piece)
        while at != -1:
            for s in range(max(0, at - offset - k), at - offset + k + 1):
                hit = _prefix_match(pattern, text, s, k) if s not in found else None
                if hit is not None:
                    found[s] = hit
            at = text.find(piece, at + 1)
    out: list[tuple[int, int, int]] = []
    for s in sorted(found, key=lambda s: (found[s][0], s)):
        if all(s >= e or found[s][1] <= b for b, e, _ in out):
            out.append((s, found[s][1], found[s][0]))
    return sorted(out)


# --- names as canonical patterns ---------------------------------------------------------------

_FI_HEADS: dict[
    str, tuple[str, ...]
] = {  # after the Finnish region genitive; prefixes of every inflected form
    "ely": (_canon_str("elinkeino-, liikenne- ja ympäristökeskus"), _canon_str("ELY-keskus")),
    "te": (_canon_str("työ- ja elinkeinotoimisto"), _canon_str("TE-toimisto")),
}
_SV_HEADS: dict[str, tuple[str, ...]] = {  # before the Swedish region name
    "ely": (_canon_str("Närings-, trafik- och miljöcentralen i"), _canon_str("NTM-centralen i")),
    "te": (_canon_str("Arbets- och näringsbyrån i"), _canon_str("TE-byrån i")),
}
_SV_GENITIVE_HEADS: dict[
    str, tuple[str, ...]
] = {  # after the Swedish region genitive: "Nylands TE-byrå"
    "ely": (_canon_str("NTM-central"),),
    "te": (_canon_str("TE-byrå"), _canon_str("arbets- och näringsbyrå")),
}
_REGION_NAMES = tuple((p, _canon_str(fi), _canon_str(sv)) for p, fi, sv, _ in _REGIONS)
_KEHA_NAMES = (
    (_canon_str(AGENCIES["KEHA"].fin), "fin"),
    (_canon_str("KEHA-keskus"), "fin"),
    (_canon_str(AGENCIES["KEHA"].swe), "swe"),
    (_canon_str("UF-centret"), "swe"),
)


@dataclass(frozen=True)
class _Hit:
    start: int  # canonical offsets
    end: int
    code: str
    lang: str
    edits: int


def _at_word_edge(text: str, offset: int) -> bool:
    """No letter on both sides of ``offset``: a word starts or ends there."""
    before = offset > 0 and text[offset - 1].isalpha()
    after = offset < len(text) and text[offset].isalpha()
    return not (before and after)


def _heads(heads: dict[str, tuple[str, ...]], canon: str) -> list[tuple[str, str, int, int, int]]:
    """``(kind, head, start, end, edits)`` of every ELY/TE name part found in ``canon``."""
    return [
        (kind, head, *hit)
        for kind, forms in heads.items()
        for head in forms
        for hit in _occurrences(head, canon, _budget(head))
    ]


def _region_hits(canon: str, text: str, where: list[int]) -> list[_Hit]:
    """ELY/TE names: the generic part is found first (it is rarer than region names), then
    the region is matched right before it (Finnish genitive, Swedish genitive) or right after
    it (Swedish "... i Nyland"). The region may cost one edit more than its own length allows
    as long as the whole name stays within its budget. It must start at a word edge, and a
    Swedish region after the head also end at one ("centralen innan d..." is no "centralen i
    Nyland"). Canonical offsets."""
    hits: list[_Hit] = []
    for kind, head, start, end, edits in _heads(_FI_HEADS, canon):
        for prefix, region, _ in _REGION_NAMES:
            k = min(_budget(region) + 1, _budget(region + head) - edits)
            m = _suffix_match(region, canon, start, k) if k >= 0 else None
            if m and _at_word_edge(text, where[m[1]]):
                hits.append(_Hit(m[1], end, f"{prefix}{kind.upper()}", "fin", edits + m[0]))
    for kind, head, start, end, edits in _heads(_SV_GENITIVE_HEADS, canon):
        for prefix, _, region in _REGION_NAMES:
            k = min(_budget(region) + 1, _budget(region + head) - edits)
            m = _suffix_match(region + "s", canon, start, k) if k >= 0 else None
            if m and _at_word_edge(text, where[m[1]]):
                hits.append(_Hit(m[1], end, f"{prefix}{kind.upper()}", "swe", edits + m[0]))
    for kind, head, start, end, edits in _heads(_SV_HEADS, canon):
        for prefix, _, region in _REGION_NAMES:
            k = min(_budget(region) + 1, _budget(region + head) - edits)
            n = _prefix_match(region, canon, end, k) if k >= 0 else None
            if n and end < len(where) and _at_word_edge(text, where[n[1] - 1] + 1):
                hits.append(_Hit(start, n[1], f"{prefix}{kind.upper()}", "swe", edits + n[0]))
    return hits


def _keha_hits(canon: str) -> list[_Hit]:
    hits: list[_Hit] = []
    for pattern, lang in _KEHA_NAMES:
        for start, end, edits in _occurrences(pattern, canon, _budget(pattern)):
            hits.append(_Hit(start, end, "KEHA", lang, edits))
    return hits


def _resolve(hits: list[_Hit]) -> list[_Hit]:
    """One hit per stretch of text: a hit inside a longer one goes ("Pohjanmaan" inside
    "Pohjois-Pohjanmaan ELY-keskus", a short form inside the long form); of hits that
    overlap otherwise the one with fewer edits stays ("Norra Österbotten", not "Södra
    Österbotten" one letter pair away)."""
    inner = {
        h
        for h in hits
        for o in hits
        if o.start <= h.start and h.end <= o.end and (o.end - o.start) > (h.end - h.start)
    }
    kept: list[_Hit] = []
    for hit in sorted(set(hits) - inner, key=lambda h: (h.edits, h.start - h.end, h.start)):
        if all(hit.end <= k.start or k.end <= hit.start for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


# --- roles ------------------------------------------------------------------------------------

_RECIPIENT_LABELS = tuple(
    _canon_str(label)
    for label in (
        "Vastaanottaja", "Vastaanottajat", "Jakelu", "Tiedoksi", "Kopio", "Mottagare",
        "Sändlista", "För kännedom", "Kopia", "Distribution", "Recipient",
    )
)  # fmt: skip
_POSTAL = re.compile(r"\b(?:PL|PB|Box|Postilokero|Postbox)\s*\d+|\b\d{5}\s+[A-ZÅÄÖ]|^\s*Kirjaamo")
_CONTACT = re.compile(r"\b(?:puh|tel|tfn|fax|www)\b|@|\b(?:PL|PB)\s*\d", re.I)
_SIGNATURE_LINES = 8  # the signature block and the footer
_ADDRESS_ZONE = 25  # letter heads: the address block stands within the first lines


class _Lines:
    """Line geometry of a text: the line of an offset, the non-empty lines, the letterhead."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.starts = list(accumulate((len(line) + 1 for line in self.lines[:-1]), initial=0))
        self.filled = [i for i, line in enumerate(self.lines) if line.strip()]
        # The letterhead: the first run of non-empty lines, at most three.
        self.letterhead: set[int] = set()
        for i in self.filled:
            if self.letterhead and (i - 1 not in self.letterhead or len(self.letterhead) == 3):
                break
            self.letterhead.add(i)

    def index(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1


def _is_label(line: str) -> bool:
    canon = _canon_str(line)[:16]
    return any(_prefix_match(label, canon, 0, _budget(label) // 2) for label in _RECIPIENT_LABELS)


def _under_recipient_label(lines: _Lines, row: int, col: int) -> bool:
    """A recipient label earlier on the line, or heading the block of lines above it."""
    if _is_label(lines.lines[row][:col].strip()):
        return True
    for above in range(row - 1, max(-1, row - 8), -1):
        if not lines.lines[above].strip():
            return False
        if _is_label(lines.lines[above]):
            return True
    return False


def _role(lines: _Lines, start: int, end: int) -> Role:
    row = lines.index(start)
    col = start - lines.starts[row]
    if row in lines.filled[-2:] and _CONTACT.search(lines.lines[row]):
        return "sender"  # the page footer: the sender's own contact line
    if _under_recipient_label(lines, row, col):
        return "recipient"
    if row in lines.letterhead:
        return "sender"
    rank = lines.filled.index(row) if row in lines.filled else 0
    short = len(lines.lines[row].strip()) <= max(90, end - start + 30)
    following = lines.lines[row + 1 : row + 4]
    if rank < _ADDRESS_ZONE and short and any(_POSTAL.search(line) for line in following):
        return "recipient"
    if rank >= len(lines.filled) - _SIGNATURE_LINES and short:
        return "sender"
    return "mentioned"


def find_agencies(text: str) -> list[AgencyMention]:
    """ELY centres, TE offices and KEHA-keskus named in ``text``, in order of appearance.

    Names are recognised in Finnish and Swedish, full or short ("Uudenmaan elinkeino-,
    liikenne- ja ympäristökeskus", "Uudenmaan ELY-keskukselle", "NTM-centralen i Nyland",
    "Nylands TE-byrå", "KEHA-keskus", "UF-centret"), in any Finnish case, and with light OCR
    damage (look-alike letters, lost characters, stray or missing blanks: about one edit per
    ten characters). A bare "ELY-keskus" without its region is not resolved. Roles:
    ``recipient`` under a Vastaanottaja/Mottagare/Jakelu/Sändlista/Tiedoksi/För kännedom label
    or in an address block (a short line followed by a postal line, near the top);
    ``sender`` in the letterhead (the first block of lines) or in the signature/footer lines
    at the end; otherwise ``mentioned``. One entry per (code, role), first occurrence first.
    """
    canon, where = _canon(text)
    if not canon:
        return []
    lines = _Lines(text)
    out: list[AgencyMention] = []
    seen: set[tuple[str, Role]] = set()
    for hit in _resolve(_region_hits(canon, text, where) + _keha_hits(canon)):
        start, end = where[hit.start], where[min(hit.end, len(where)) - 1] + 1
        if "@" in text[start:end]:
            continue  # an e-mail address (kirjaamo.uusimaa@ely-keskus.fi), not a name
        role = _role(lines, start, end)
        if (hit.code, role) not in seen:
            seen.add((hit.code, role))
            agency = AGENCIES[hit.code]
            out.append(
                AgencyMention(hit.code, agency.fin if hit.lang == "fin" else agency.swe, role)
            )
    return out


def sender_agency(text: str) -> str | None:
    """Registry code of the first agency ``find_agencies`` marks as the sender, else None."""
    return next((m.code for m in find_agencies(text) if m.role == "sender"), None)
