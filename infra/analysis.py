"""Finnish/Swedish text analysis shared by every search backend.

All linguistics happen here, in Python, so that each backend indexes the same precomputed,
whitespace-separated token fields with a plain whitespace/keyword analyzer:

- ``exact``: lowercased surface tokens;
- ``fi_base``: Voikko base forms (every reading of an ambiguous word; unknown words keep
  their lowercased surface form);
- ``fi_parts``: base forms of the parts of compounds (``palkkatuen`` → ``palkka tuki``);
- ``sv_stem``: Swedish Snowball stems.

A query word matches a document word when its lowercased form is in ``exact``, one of its base
forms is in ``fi_base`` or in ``fi_parts``, or its Swedish stem is in ``sv_stem``.
"""

from __future__ import annotations

import html
import re
import threading
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import libvoikko
import snowballstemmer

VOIKKO_PACKAGES = "libvoikko1 voikko-fi"

# Words joined by - / : ' (and . between digits) stay one token: UUDELY/1290/2017, 0245437-2,
# 1.2.2017, EU:n, ELY-keskuksen. A trailing hyphen (sosiaali- ja ...) is not part of the token.
_TOKEN_RE = re.compile(r"[^\W_]+(?:(?:[-/:'’]|(?<=\d)\.(?=\d))[^\W_]+)*")
_DIARY_RE = re.compile(r"[^\W_]+(?:[-/.][^\W_]+)*/(?:1[89]|20)\d\d")
_WORDBASE_RE = re.compile(r"\+([^+(]*)(?:\(([^)]*)\))?")
_SPACE_RE = re.compile(r"\s+")

# Swedish verbal nouns whose plural/definite forms Snowball stems differently
# (ansökan → ansökan but ansökningar → ansökning).
_SV_STEM_ALIASES = {"ansökan": "ansökning", "anmälan": "anmälning", "inbjudan": "inbjudning"}


class VoikkoUnavailableError(RuntimeError):
    """libvoikko or its Finnish dictionary is not installed."""


class Token(NamedTuple):
    text: str
    start: int  # character offsets into the analysed text
    end: int


@dataclass(frozen=True, slots=True)
class WordAnalysis:
    bases: tuple[str, ...]  # Voikko base forms, lowercased; the word itself when unknown
    parts: tuple[str, ...]  # base forms of compound parts; empty for non-compounds
    sv_stem: str


@dataclass(frozen=True, slots=True)
class AnalyzedText:
    exact: str
    fi_base: str
    fi_parts: str
    sv_stem: str


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """One query word and the terms that match it in each token field."""

    word: str
    exact: tuple[str, ...]
    fi_base: tuple[str, ...]
    fi_parts: tuple[str, ...]
    sv_stem: tuple[str, ...]
    diary_number: str | None = None  # normalised (lowercased) when the word looks like one

    def matches(self, word: str) -> bool:
        """Whether a document word (any case) matches this query word."""
        lower = word.lower()
        if lower in self.exact:
            return True
        a = analyze_word(lower)
        return (
            any(b in self.fi_base for b in a.bases)
            or any(p in self.fi_parts for p in a.parts)
            or a.sv_stem in self.sv_stem
        )


_voikko: libvoikko.Voikko | None = None
_voikko_lock = threading.Lock()  # Voikko handles are not thread-safe
_sv_stemmer = snowballstemmer.stemmer("swedish")
_sv_lock = threading.Lock()


def _voikko_analyze(word: str) -> list[dict[str, str]]:
    global _voikko
    with _voikko_lock:
        if _voikko is None:
            try:
                _voikko = libvoikko.Voikko("fi")
            except (OSError, libvoikko.VoikkoException) as exc:
                raise VoikkoUnavailableError(
                    f"Finnish analysis needs libvoikko with the Finnish dictionary "
                    f"(Debian packages: {VOIKKO_PACKAGES}): {exc}"
                ) from exc
        result: list[dict[str, str]] = _voikko.analyze(word)
        return result


def _compound_parts(wordbases: str) -> list[str]:
    """Parts of ``+palkka(palkka)+tuki(tuki)`` → [palkka, tuki]; derivational suffixes
    (``+käyt(käyttää)+tö(+tö)``) are glued back onto their stem (käyttö)."""
    parts: list[tuple[str, str]] = []
    for surface, base in _WORDBASE_RE.findall(wordbases):
        if base.startswith("+"):
            if parts:
                stem = parts[-1][0] + surface
                parts[-1] = (stem, stem)
        elif surface.strip("-"):
            parts.append((surface, base or surface))
    return [base.lower() for _, base in parts] if len(parts) > 1 else []


def _sv_stem(word: str) -> str:
    if word in _SV_STEM_ALIASES:
        return _SV_STEM_ALIASES[word]
    with _sv_lock:
        stem: str = _sv_stemmer.stemWord(word)
    return stem


@lru_cache(maxsize=100_000)
def analyze_word(word: str) -> WordAnalysis:
    """Analyse one lowercased token. Tokens with digits (dates, diary numbers) are kept as-is."""
    if any(c.isdigit() for c in word):
        return WordAnalysis((word,), (), word)
    bases: dict[str, None] = {}
    parts: dict[str, None] = {}
    for reading in _voikko_analyze(word):
        bases.setdefault(reading.get("BASEFORM", word).lower())
        parts.update(dict.fromkeys(_compound_parts(reading.get("WORDBASES") or "")))
    if "-" in word:  # ELY-keskuksen: also the hyphen-separated pieces
        for piece in filter(None, word.split("-")):
            parts.update(dict.fromkeys(analyze_word(piece).bases))
    return WordAnalysis(tuple(bases) or (word,), tuple(parts), _sv_stem(word))


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def looks_like_diary_number(word: str) -> bool:
    """``UUDELY/1290/2017``, ``VN/123/2020``, ``1234/02.05.00/2019``: ends in /year."""
    return _DIARY_RE.fullmatch(word) is not None and any(c.isdigit() for c in word[:-5])


def normalize_diary_number(value: str) -> str:
    return value.strip().lower()


def analyze_document(text: str) -> AnalyzedText:
    exact: list[str] = _TOKEN_RE.findall(text.lower())
    fi_base: list[str] = []
    fi_parts: list[str] = []
    sv_stem: list[str] = []
    for word in exact:
        a = analyze_word(word)
        fi_base += a.bases
        fi_parts += a.parts
        sv_stem.append(a.sv_stem)
    return AnalyzedText(" ".join(exact), " ".join(fi_base), " ".join(fi_parts), " ".join(sv_stem))


def analyze_query(text: str) -> list[QueryTerm]:
    """One term per distinct query word; the query's base forms are also looked up among the
    documents' compound parts (``tuki`` finds ``palkkatuki``)."""
    terms: dict[str, QueryTerm] = {}
    for token in tokenize(text):
        lower = token.text.lower()
        if lower in terms:
            continue
        a = analyze_word(lower)
        diary = normalize_diary_number(lower) if looks_like_diary_number(token.text) else None
        terms[lower] = QueryTerm(token.text, (lower,), a.bases, a.bases, (a.sv_stem,), diary)
    return list(terms.values())


SNIPPET_CHUNK = 5_000  # characters scanned at a time; stop once every query word was seen


def snippet(text: str, terms: list[QueryTerm], width: int = 200) -> str:
    """An HTML snippet of about ``width`` characters around the best cluster of matches."""
    hits = _find_hits(text, terms)  # (start, end, term index) in text order
    if not hits:
        return _render(text, 0, _cut_end(text, 0, width), [])
    best_start, best_key = 0, (-1, -1)
    inside: Counter[int] = Counter()  # term index → hits in the window [first, first + width]
    j = 0
    for n, (first, _, term) in enumerate(hits):  # sliding window over the hits
        while j < len(hits) and hits[j][1] <= first + width:
            inside[hits[j][2]] += 1
            j += 1
        key = (len(inside), j - n)  # distinct query words first, then number of matches
        if key > best_key:
            best_start, best_key = first, key
        inside[term] -= 1
        if not inside[term]:
            del inside[term]
    span_end = max(e for s, e, _ in hits if best_start <= s and e <= best_start + width)
    slack = max(0, width - (span_end - best_start)) // 3
    lo = max(0, min(best_start - slack, len(text) - width))  # near the end: show more before
    start = next((m.start() for m in _TOKEN_RE.finditer(text, max(0, lo - 100))
                  if m.start() >= lo), best_start)  # fmt: skip
    end = _cut_end(text, start, start + width)
    marks = sorted({(s, e) for s, e, _ in hits if start <= s and e <= end})
    return _render(text, start, end, marks)


def _find_hits(text: str, terms: list[QueryTerm]) -> list[tuple[int, int, int]]:
    memo: dict[str, list[int]] = {}  # lowercased word → indexes of the terms it matches
    hits: list[tuple[int, int, int]] = []
    pos = 0
    while pos < len(text) and len({h[2] for h in hits}) < len(terms):
        gap = _SPACE_RE.search(text, pos + SNIPPET_CHUNK)  # chunks end between tokens
        stop = gap.start() if gap else len(text)
        for m in _TOKEN_RE.finditer(text, pos, stop):
            lower = m.group().lower()
            if (found := memo.get(lower)) is None:
                found = memo[lower] = [i for i, t in enumerate(terms) if t.matches(lower)]
            if found:
                hits += [(m.start(), m.end(), i) for i in found]
        pos = stop
    return hits


def _cut_end(text: str, start: int, limit: int) -> int:
    """End of the last token from ``start`` that ends within ``limit`` (at least one token)."""
    if len(text) <= limit:
        return len(text)
    end = start
    for m in _TOKEN_RE.finditer(text, start):
        if m.end() > limit and end > start:
            break
        end = m.end()
    return end


def _render(text: str, start: int, end: int, marks: list[tuple[int, int]]) -> str:
    out = ["…" if start > 0 else ""]
    pos = start
    for s, e in marks:
        out += [_plain(text[pos:s]), "<mark>", _plain(text[s:e]), "</mark>"]
        pos = e
    out += [_plain(text[pos:end]), "…" if text[end:].strip() else ""]
    return "".join(out).strip()


def _plain(segment: str) -> str:
    return html.escape(_SPACE_RE.sub(" ", segment), quote=False)
