"""Features of a document text for the document-type model (``metadata.classifier``).

Four groups, each hashed into its own block (``HashingVectorizer``: stateless, nothing to store),
log-scaled, L2-normalised and weighted:

* ``words``: unigrams and bigrams of folded words (lower case, ä/å -> a, ö -> o, OCR digit
  look-alikes undone: ``doctype.fold``); pure numbers are left out.
* ``chars``: character 3-5-grams inside each distinct folded word (with word boundaries), which
  survive OCR damage that breaks whole-word matches.
* ``zones``: words of the first non-empty lines (the heading zone, letter-spacing undone; words
  in capitals get a second token) and of the last lines (signature, attachments), plus the
  language.
* ``cues``: layout cues (address block, subject line, salutation, amount lines, label:value
  lines, numbered and § sections, signature and closing lines, quotations, diary numbers,
  length) and the rule evidence of
  ``metadata.doctype.rule_evidence`` as tokens such as ``rule:heading:paatos``.

Texts longer than ``max_chars`` are cut to their head (three quarters) and tail (one quarter)
at line boundaries: the type shows at the top and in the closing part, not in the middle.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

from metadata.doctype import Evidence, fold, is_salutation, rule_evidence

FEATURE_VERSION = 1
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+")
_OCR_WORD = re.compile(r"[^\W_]+")
_SPACED = re.compile(r"(?:\w ){3,}\w")
_AMOUNT = re.compile(r"\d[\d  ]*[.,]\d\d\b.*(?:€|eur)|(?:€|eur\b|euroa|euro\b)", re.I)
_LABEL = re.compile(r"^[^\W\d_][^\W\d_ .-]*(?:[ -][^\W\d_]+){0,5}\s?:\s*\S", re.UNICODE)
_POSTAL = re.compile(r"^\d{5}\s+[^\W\d_]")  # "00521 Helsinki": an address block
_SUBJECT = re.compile(r"^(?:asia|ärende|arende|aihe|ämne|amne)\b", re.I)
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+\S")
_SECTION = re.compile(r"^\s*(?:§\s*\d+|\d+\s*§)")
_DIARY = re.compile(
    r"\b[A-ZÄÖ]{2,8}\s?/\s?\d+\s?/\s?(?:\d\d\.\d\d(?:\.\d\d)?\s?/\s?)?(?:19|20)\d\d\b"
)
_CLOSING = re.compile(r"terveisin|kunnioittavasti|h[aä]lsning|vakuudeksi|in fidem|oikeaksi", re.I)
_TITLE = re.compile(
    r"johtaja|p[aä][aä]llikk|asiantuntija|tarkastaja|sihteeri|puheenjohtaja|lakimies|"
    r"chef|direkt[oö]r|sakkunnig|inspekt[oö]r|sekreterare|ordf[oö]rande|jurist|advokat|"
    r"asianajaja|allekirjoitus|underskrift",
    re.I,
)


@dataclass(frozen=True)
class FeatureSettings:
    """Hashing sizes (bits), group weights, zone sizes and the truncation length."""

    word_bits: int = 18
    char_bits: int = 18
    zone_bits: int = 16
    cue_bits: int = 12
    word_weight: float = 1.0
    char_weight: float = 1.0
    zone_weight: float = 0.8
    cue_weight: float = 0.5
    heading_lines: int = 6
    tail_lines: int = 6
    max_chars: int = 20_000
    version: int = FEATURE_VERSION

    def to_json(self) -> dict[str, float | int]:
        return asdict(self)

    @property
    def n_features(self) -> int:
        return sum(1 << b for b in (self.word_bits, self.char_bits, self.zone_bits, self.cue_bits))


def truncate(text: str, max_chars: int) -> str:
    """``text`` itself, or its first 3/4 and last 1/4 of ``max_chars``, cut at line ends."""
    if len(text) <= max_chars:
        return text
    head = text[: max_chars * 3 // 4]
    tail = text[-(max_chars // 4) :]
    head = head[: head.rfind("\n")] if "\n" in head else head
    tail = tail[tail.find("\n") + 1 :] if "\n" in tail else tail
    return head + "\n" + tail


def _bucket(n: int) -> str:
    return "0" if n == 0 else "1" if n == 1 else "2-3" if n < 4 else "4-7" if n < 8 else "8+"


def _zone_words(line: str) -> list[tuple[str, bool]]:
    if _SPACED.fullmatch(line):
        line = line.replace(" ", "")
    return [(fold(w), w.isupper()) for w in _OCR_WORD.findall(line) if not w.isdigit()]


def _rule_tokens(evidence: Sequence[Evidence]) -> list[str]:
    tokens: list[str] = []
    body_rank = 0
    for i, e in enumerate(evidence):
        if e.reason.startswith("letter salutation"):
            kind = "salutation"
        elif e.line is None:
            body_rank += 1
            kind = f"body{min(body_rank, 2)}"
        elif "heading" in e.reason:
            kind = "heading" if e.strength >= 0.9 else "ocrheading"
        else:
            kind = "top"
        tokens.append(f"rule:{kind}:{e.code}")
        if i == 0:
            tokens.append(f"rule:best:{e.code}")
    headings = [e for e in evidence if e.line is not None and "heading" in e.reason]
    if headings:
        tokens.append(f"rule:first:{min(headings, key=lambda e: e.line or 0).code}")
    if not tokens:
        tokens.append("rule:none")
    return tokens


def zone_and_cue_tokens(
    text: str, language: str, settings: FeatureSettings, evidence: Sequence[Evidence]
) -> tuple[list[str], list[str]]:
    """The zone tokens and the layout/rule cue tokens of one (already truncated) text, given
    its ``rule_evidence``."""
    rows = [row.strip() for row in text.splitlines() if row.strip()]
    zone = [f"lang:{language}"]
    for row in rows[: settings.heading_lines]:
        for word, upper in _zone_words(row):
            zone.append(f"h:{word}")
            if upper and len(word) > 2:
                zone.append(f"hu:{word}")
    for row in rows[-settings.tail_lines :]:
        zone.extend(f"t:{word}" for word, _ in _zone_words(row))
    tail = rows[-12:]
    counts = {
        "amounts": sum(bool(_AMOUNT.search(r)) for r in rows),
        "labels": sum(bool(_LABEL.match(r)) for r in rows),
        "numbered": sum(bool(_NUMBERED.match(r)) for r in rows),
        "sections": sum(bool(_SECTION.match(r)) for r in rows),
        "diary": len(_DIARY.findall(text)),
        "quotes": text.count('"') // 2 + text.count("”") // 2,
        "closing": sum(bool(_CLOSING.search(r)) for r in tail),
        "titles": sum(bool(_TITLE.search(r)) for r in tail),
    }
    cues = [f"lay:{name}:{_bucket(n)}" for name, n in counts.items()]
    if any(_POSTAL.match(r) for r in rows[:15]):
        cues.append("lay:address")
    if any(_SUBJECT.match(r) for r in rows[:20]):
        cues.append("lay:subject")
    if any(is_salutation(r) for r in rows[:15]):
        cues.append("lay:salutation")
    if any(len(r) > 3 and r.isupper() for r in rows[: settings.heading_lines]):
        cues.append("lay:upperline")
    cues.append(f"lay:lines:{_bucket(len(rows) // 8)}")
    cues.extend(_rule_tokens(evidence))
    return zone, cues


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _char_grams(words: list[str]) -> list[str]:
    grams: list[str] = []
    for word in sorted(set(words)):
        w = f" {word} "
        for n in (3, 4, 5):
            grams.extend(w[i : i + n] for i in range(len(w) - n + 1))
    return grams


class Featurizer:
    """Texts -> one sparse row per text (float64 CSR), following ``settings``."""

    def __init__(self, settings: FeatureSettings) -> None:
        self.settings = settings
        common = {"alternate_sign": False, "norm": None, "dtype": np.float64}
        self._words = HashingVectorizer(
            n_features=1 << settings.word_bits,
            analyzer="word",
            token_pattern=r"\S+",
            ngram_range=(1, 2),
            lowercase=False,
            **common,
        )
        self._unigrams = HashingVectorizer(
            n_features=1 << settings.word_bits,
            analyzer="word",
            token_pattern=r"\S{3,}",
            lowercase=False,
            **common,
        )
        self._chars = HashingVectorizer(
            n_features=1 << settings.char_bits,
            analyzer=_identity,
            **common,
        )
        self._zones = HashingVectorizer(
            n_features=1 << settings.zone_bits,
            analyzer=_identity,
            **common,
        )
        self._cues = HashingVectorizer(
            n_features=1 << settings.cue_bits,
            analyzer=_identity,
            **common,
        )

    def transform(
        self,
        texts: Sequence[str],
        languages: Sequence[str],
        evidence: Sequence[Sequence[Evidence]] | None = None,
    ) -> sp.csr_matrix:
        """One row per text. ``evidence``: ``rule_evidence`` of each truncated text, when the
        caller has it already (it is computed otherwise)."""
        return self.transform_with_words(texts, languages, evidence)[0]

    def transform_with_words(
        self,
        texts: Sequence[str],
        languages: Sequence[str],
        evidence: Sequence[Sequence[Evidence]] | None = None,
    ) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """``transform``, plus the raw counts of the folded words of 3+ letters, in the
        columns of the word block (word ``w`` lands where its unigram feature does)."""
        s = self.settings
        folded, grams, zones, cues = [], [], [], []
        for n, (text, language) in enumerate(zip(texts, languages, strict=True)):
            text = truncate(text, s.max_chars)
            ev = evidence[n] if evidence is not None else rule_evidence(text, language)
            raw = [w for w in _WORD.findall(text) if not w.isdigit()]
            folds = {w: fold(w) for w in set(raw)}
            words = [folds[w] for w in raw]
            folded.append(" ".join(words))
            grams.append(_char_grams([w for w in words if len(w) > 1]))
            zone, cue = zone_and_cue_tokens(text, language, s, ev)
            zones.append(zone)
            cues.append(cue)
        blocks = []
        for vectorizer, data, weight in (
            (self._words, folded, s.word_weight),
            (self._chars, grams, s.char_weight),
            (self._zones, zones, s.zone_weight),
            (self._cues, cues, s.cue_weight),
        ):
            m = vectorizer.transform(data).tocsr()
            np.log1p(m.data, out=m.data)
            blocks.append(normalize(m) * weight)
        return sp.hstack(blocks, format="csr"), self._unigrams.transform(folded).tocsr()
