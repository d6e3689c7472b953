"""First-cut document-type rules.

``rule_evidence`` lists every piece of evidence it sees (a heading near the top, a letter
salutation, keywords in the body); ``classify`` picks the strongest. A statistical model can
later consume the same evidence list as features or be combined with it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from metadata.fuzzy import edit_distance

# Keyword stems after folding (lower case, ä/å -> a, ö -> o). Finnish stems include the
# consonant-gradation form used by inflected cases (päätös -> päätöksen, lausunto -> lausunnon).
_STEMS: dict[str, tuple[str, ...]] = {
    "paatos": ("paatos", "paatoks", "beslut"),
    "maksatuspaatos": ("maksatuspaatos", "maksatuspaatoks", "utbetalningsbeslut"),
    "hakemus": ("hakemus", "hakemuks", "ansokan", "ansokning"),
    "lasku": ("lasku", "faktura"),
    "sopimus": ("sopimus", "sopimuks", "avtal"),
    "poytakirja": ("poytakirja", "poytakirjanote", "protokoll", "protokollsutdrag"),
    "muistio": ("muistio", "promemoria"),
    "lausunto": ("lausunto", "lausunno", "utlatande"),
    "oikaisuvaatimus": (
        "oikaisuvaatimus",
        "oikaisuvaatimuks",
        "valitus",
        "valituks",
        "omprovningsbegaran",
        "besvar",
    ),
    "kirje": ("kirje", "brev"),
}
_STEM_TO_CODE = sorted(
    ((stem, code) for code, stems in _STEMS.items() for stem in stems),
    key=lambda sc: -len(sc[0]),
)
# Words containing a stem: a prefilter so the body scan stays fast on long texts.
_STEM_WORD = re.compile(r"\b[^\W_]*(?:" + "|".join(stem for stem, _ in _STEM_TO_CODE) + r")[^\W_]*")
# Body phrases that hint at a type without naming it (folded, matched as substrings).
_CUES: dict[str, tuple[str, ...]] = {
    "lasku": ("erapaiva", "viitenumero", "forfallodag", "referensnummer", "att betala"),
    "sopimus": ("sopijapuol", "sopimusosapuol", "avtalspart", "parterna har kommit"),
    "poytakirja": ("lasna ", "narvarande", "kokouksen avaus", "sammantradets oppnande"),
    "maksatuspaatos": ("maksetaan", "utbetalas"),
    "hakemus": ("hakija ", "sokande ", "haemme ", "anhaller om", "ansoker om"),
    "paatos": ("on paattanyt", "har beslutat", "sovelletut oikeusohjeet", "tillampade rattsregler"),
    "oikaisuvaatimus": ("vaadin ", "vaatimukset", "yrkanden", "yrkar att"),
}
_SALUTATION = re.compile(r"^(hyvä|hyva|arvoisa|bästa|basta|hej|hei|dear)\b", re.I)
_FOLD = str.maketrans("äåöé", "aaoe")
_OCR_LETTERS = str.maketrans("015", "ols")
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_HEADING_LINES = 8
_SALUTATION_LINES = 15
_MAX_TAIL = 5  # letters of inflection/derivation allowed after a stem


@dataclass(frozen=True)
class Evidence:
    """One observation supporting a document type."""

    code: str
    strength: float  # confidence this piece alone would justify, in [0, 1]
    reason: str  # short English description, e.g. "heading 'PÄÄTÖS' on line 2"
    line: int | None = None  # 1-based line number in the text, when line-bound
    term: str = ""  # the word as written, when a single word is the evidence


def fold(word: str) -> str:
    """Lower-case, strip Nordic diacritics and undo common OCR digit-for-letter swaps."""
    word = word.lower().translate(_FOLD)
    if any(c.isalpha() for c in word):
        word = word.translate(_OCR_LETTERS)
    return word


def match_keyword(word: str, *, fuzzy: bool = True) -> tuple[str, bool] | None:
    """Map one word to a type code: ``(code, exact)``, or None.

    Exact: the folded word contains a stem at its start or as the head of a compound
    (``rakennuslupapäätös``), followed by at most five letters of inflection
    (``Maksatuspäätöksen``). Fuzzy (OCR damage): the word's start is within edit distance 1
    of a stem of 6+ letters (2 for 10+ letters).
    """
    w = fold(word).replace("-", "")
    for stem, code in _STEM_TO_CODE:
        i = w.find(stem)
        if i < 0 or len(w) - i - len(stem) > _MAX_TAIL:
            continue
        if i == 0 or (i >= 3 and len(stem) >= 5):
            return code, True
    if not fuzzy or len(w) < 5:
        return None
    for stem, code in _STEM_TO_CODE:
        limit = 2 if len(stem) >= 10 else 1
        if len(stem) < 6:
            continue
        for size in range(len(stem) - limit, len(stem) + limit + 1):
            if 0 <= len(w) - size <= _MAX_TAIL and edit_distance(w[:size], stem, limit) <= limit:
                return code, False
    return None


def _non_empty_lines(text: str) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def _unspace(line: str) -> str:
    """Join letter-spaced typewriter headings: 'P Ä Ä T Ö S' -> 'PÄÄTÖS'."""
    if re.fullmatch(r"(?:\w ){3,}\w", line):
        return line.replace(" ", "")
    return line


def _heading_evidence(lines: list[tuple[int, str]]) -> list[Evidence]:
    found: list[Evidence] = []
    for n, raw in lines[:_HEADING_LINES]:
        words = [w for w in _WORD.findall(_unspace(raw)) if not w.isdigit()]
        for pos, word in enumerate(words):
            if len(word) < 4:
                continue
            headline = word.isupper() or (pos == 0 and len(words) <= 8)
            # Fuzzy matching only where a heading is near certain: capitals or a lone word.
            hit = match_keyword(word, fuzzy=word.isupper() or len(words) == 1)
            if hit is None:
                continue
            code, exact = hit
            if headline:
                strength = 0.9 if exact else 0.8
                kind = "heading" if exact else "OCR-damaged heading"
            else:
                strength, kind = 0.6, "keyword near the top"
            found.append(Evidence(code, strength, f"{kind} '{word}' on line {n}", n, word))
    return found


def is_salutation(line: str) -> bool:
    """A letter greeting: 'Hyvä vastaanottaja,', 'Bästa mottagare', 'Arvoisa asiakas'."""
    return bool(_SALUTATION.match(line)) and len(line.split()) <= 5


def _salutation_evidence(lines: list[tuple[int, str]]) -> list[Evidence]:
    for n, line in lines[:_SALUTATION_LINES]:
        if is_salutation(line):
            greeting = " ".join(line.split()[:2]).rstrip(",")
            return [Evidence("kirje", 0.75, f"letter salutation '{greeting}' on line {n}", n)]
    return []


def _body_evidence(text: str) -> list[Evidence]:
    folded = text[:20_000].lower().translate(_FOLD)
    counts: Counter[str] = Counter()
    for word in _STEM_WORD.findall(folded):
        hit = match_keyword(word, fuzzy=False)
        if hit:
            counts[hit[0]] += 1
    for code, cues in _CUES.items():
        counts[code] += sum(2 * folded.count(cue) for cue in cues)
    found = []
    for code, n in counts.most_common(3):
        if n == 0:
            break
        strength = min(0.7, 0.45 + 0.05 * n)
        found.append(Evidence(code, strength, f"{n} keyword/cue hits for '{code}' in the text"))
    return found


def rule_evidence(text: str, language: str = "und") -> list[Evidence]:
    """All rule-based evidence for the document type, strongest first.

    Heading near the top (first 8 non-empty lines) 0.9, OCR-damaged heading 0.8, letter
    salutation 0.75, type keyword in a top line that is not heading-like 0.6, body keywords
    and cue phrases 0.5-0.7. ``language`` is accepted for future language-specific rules.
    """
    lines = _non_empty_lines(text)
    evidence = _heading_evidence(lines) + _salutation_evidence(lines)
    evidence += _body_evidence(text)
    return sorted(evidence, key=lambda e: (-e.strength, e.line or 10**9))


def classify(text: str, language: str = "und") -> tuple[str, float, str]:
    """Propose a document type: ``(code, confidence, reason)``.

    ``code`` is a key of ``metadata.models.DOC_TYPES``. The strongest rule evidence wins
    (ties: the earliest line). With no evidence the answer is ``muu`` with confidence 0.2.
    The reason is a short English sentence naming the evidence.
    """
    evidence = rule_evidence(text, language)
    if not evidence:
        return "muu", 0.2, "no heading, salutation or type keyword found"
    best = evidence[0]
    return best.code, best.strength, best.reason


def find_heading(text: str) -> tuple[int, str, str] | None:
    """The first heading naming a document type: ``(line number, line, heading word)``.

    The line number is 1-based; the line is stripped and letter-spacing is undone.
    """
    lines = _non_empty_lines(text)
    for e in _heading_evidence(lines):
        if e.line is not None and e.strength >= 0.8:
            return e.line, _unspace(dict(lines)[e.line]), e.term
    return None
