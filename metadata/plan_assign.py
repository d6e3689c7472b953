"""Assign a record to a class (and process) of the records plan, with honest confidence.

Evidence per process, added up to a score:

- a class code inside an older-form diary number (``UUDELY/1290/07.01/2010``): 6 when it is the
  leaf's code, 5 when it is deeper (``07.01.00`` for leaf ``07.01``), 2.5 when it is an upper
  class of the leaf; halved when the diary number belongs to another agency;
- topic keywords in the text: hits in the heading zone (first 5 non-empty lines and ``Asia:`` /
  ``Ärende:`` lines, at most 80 words) count double; the score saturates at 3
  (``3 * (1 - exp(-hits / 2.5))``);
- the document type is one of the process's ``doc_types``: 1 (not for ``muu``, the document-type
  classifier's "unknown");
- the agency kind (from the registry code: ``*ELY`` ely, ``*TE`` te, ``KEHA`` keha): -2 when the
  process names other kinds; +0.5 when it names this kind and topic evidence exists.

Confidence is ``strength * separation``: ``strength = 1 - exp(-best / 2)`` says how much
evidence there is, ``separation = sigmoid((best - runner_up) / 0.8)`` how clearly it beats the
next process, so two processes with similar evidence give at most 0.5. Below a score of 0.5 the
plan's general class is used with confidence 0.1.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from metadata.doctype import fold
from metadata.plan import ClassDefaults, PlanClass, Process, RecordsPlan
from metadata.plan_terms import (
    HAS_PERSONAL_DATA,
    NO_PERSONAL_DATA,
    PERSONAL_DATA_VALUES,
    AgencyKind,
    PersonalDataValue,
)

MIN_SCORE = 0.5
FALLBACK_CONFIDENCE = 0.1
_MAX_TEXT = 100_000
_HEADING_LINES = 5
_HEADING_WORDS = 80  # a text without line breaks is not all heading
_UNKNOWN_TYPE = "muu"  # the classifier's "no idea": membership is no evidence
_LABEL_LINES = 15
_LABEL = re.compile(r"\s*(asia|aihe|ärende|arende|ämne|amne)\s*:", re.I)
_WORD = re.compile(r"[^\W_]+")
_CLASS_SEGMENT = re.compile(r"\d{1,4}(?:\.\d{1,4})+")
_PREFIX = 4  # keywords are indexed by their first letters (MIN_KEYWORD)


class ClassAssignment(BaseModel):
    """The proposed class of one record, with what it inherits.

    ``process_id`` names the process whose ``defaults`` apply; ``confidence`` is in [0, 1];
    ``reason`` is a short English sentence naming the evidence; ``runner_up`` is the class code
    of the next-best process (None when no other has evidence). ``plan_version`` and
    ``plan_hash`` identify exactly which plan described the record.
    """

    code: str
    title_fi: str
    title_sv: str
    process_id: str
    confidence: float = Field(ge=0.0, le=1.0)
    reason: str
    defaults: ClassDefaults
    runner_up: str | None = None
    plan_version: str
    plan_hash: str


@dataclass
class _Score:
    leaf: PlanClass
    process: Process
    order: int
    diary: float = 0.0
    diary_ref: str = ""
    keywords: float = 0.0
    hits: Counter[str] = field(default_factory=Counter)
    heading_hits: int = 0
    weighted_hits: int = 0  # heading hits twice
    doc_type: float = 0.0
    agency: float = 0.0

    @property
    def total(self) -> float:
        return self.diary + self.keywords + self.doc_type + self.agency


def agency_kind(agency: str) -> AgencyKind | None:
    """The kind of agency a registry code belongs to: UUDELY → ely, UUDTE → te, KEHA → keha."""
    code = agency.strip().upper()
    if code == "KEHA":
        return "keha"
    if code.endswith("ELY"):
        return "ely"
    if code.endswith("TE"):
        return "te"
    return None


def assign_class(
    plan: RecordsPlan,
    doc_type: str,
    agency: str,
    text: str,
    diary_numbers: Sequence[str] = (),
) -> ClassAssignment:
    """Propose the class and process of a record (see the module docstring for the scoring).

    ``doc_type`` is a ``DOC_TYPES`` code, ``agency`` the registry code (UUDELY, KEHA, ...),
    ``diary_numbers`` as found by ``metadata.identifiers.find_diary_numbers`` (the text is not
    searched for them again). Pure function; ties go to the general class, then to file order.
    """
    scores = [
        _Score(leaf, process, order)
        for order, (leaf, process) in enumerate(
            (leaf, process) for leaf in plan.leaves() for process in leaf.processes
        )
    ]
    kind = agency_kind(agency)
    heading, body = _zones(text[:_MAX_TEXT])
    _score_keywords(scores, heading, body)
    for score in scores:
        _score_diary(score, diary_numbers, agency)
        listed = doc_type in score.process.doc_types and doc_type != _UNKNOWN_TYPE
        score.doc_type = 1.0 if listed else 0.0
        kinds = score.process.agency_kinds
        if kind is not None and kinds:
            topical = score.diary > 0 or score.keywords > 0
            score.agency = (0.5 if topical else 0.0) if kind in kinds else -2.0
    ranked = sorted(scores, key=lambda s: (-s.total, s.leaf.code != plan.general_class, s.order))
    best = ranked[0]
    runner = ranked[1] if len(ranked) > 1 and ranked[1].total > 0 else None
    if best.total < MIN_SCORE:
        return _fallback(plan)
    second = max(runner.total, 0.0) if runner else 0.0
    strength = 1 - math.exp(-best.total / 2)
    separation = 1 / (1 + math.exp(-(best.total - second) / 0.8))
    return _assignment(
        plan,
        best.leaf,
        best.process,
        confidence=round(strength * separation, 3),
        reason=_reason(best, runner, doc_type, agency, kind),
        runner_up=runner.leaf.code if runner else None,
    )


def class_defaults(plan: RecordsPlan, code: str, process_id: str | None = None) -> ClassDefaults:
    """The defaults of leaf class ``code`` (its first process, or ``process_id``).

    For when the archivist sets the class by hand. ``KeyError`` when the plan has no such leaf
    class or the class no such process.
    """
    leaf = plan.find(code)
    if leaf is None or not leaf.is_leaf:
        raise KeyError(f"no leaf class {code} in plan {plan.version}")
    if process_id is None:
        return leaf.processes[0].defaults()
    for process in leaf.processes:
        if process.id == process_id:
            return process.defaults()
    raise KeyError(f"class {code} has no process {process_id}")


def personal_data_value(has_identity_codes: bool, default: str) -> PersonalDataValue:
    """The SÄHKE2 PersonalData value for a record: a valid HETU found in it lifts
    ``ei sisällä henkilötietoja`` to ``sisältää henkilötietoja``; any other default stands (the
    rule never lowers). ``ValueError`` when ``default`` is not a SÄHKE2 value."""
    value = HAS_PERSONAL_DATA if has_identity_codes and default == NO_PERSONAL_DATA else default
    for known in PERSONAL_DATA_VALUES:
        if known == value:
            return known  # type: ignore[return-value]
    raise ValueError(f"not a SÄHKE2 PersonalData value: {default!r}")


def _zones(text: str) -> tuple[list[str], list[str]]:
    """Folded words of the heading zone (at most 80) and of the rest."""
    heading: list[str] = []
    body: list[str] = []
    folded: dict[str, str] = {}
    seen = 0
    for n, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        seen += 1
        words = [folded.get(w) or folded.setdefault(w, fold(w)) for w in _WORD.findall(line)]
        if seen <= _HEADING_LINES or (n < _LABEL_LINES and _LABEL.match(line)):
            room = max(0, _HEADING_WORDS - len(heading))
            heading += words[:room]
            body += words[room:]
        else:
            body += words
    return heading, body


def _tokens(keyword: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in _WORD.findall(keyword))


def _score_keywords(scores: list[_Score], heading: list[str], body: list[str]) -> None:
    """Count keyword hits per process; a word counts once per process however many keywords
    match it. One-word keywords go through an index on their first letters."""
    index: dict[str, list[tuple[str, str, _Score]]] = {}
    phrases: list[tuple[tuple[str, ...], str, _Score]] = []
    for score in scores:
        for keyword in score.process.keywords_fi + score.process.keywords_sv:
            tokens = _tokens(keyword)
            if len(tokens) == 1:
                index.setdefault(tokens[0][:_PREFIX], []).append((tokens[0], keyword, score))
            elif tokens:
                phrases.append((tokens, keyword, score))
    for words, weight in ((heading, 2), (body, 1)):
        for word, count in Counter(words).items():
            for keyword, score in _word_matches(word, index):
                score.hits[keyword] += count
                score.heading_hits += count if weight == 2 else 0
                score.weighted_hits += weight * count
        for tokens, keyword, score in phrases:
            count = _phrase_count(tokens, words)
            if not count:
                continue
            score.hits[keyword] += count
            score.heading_hits += count if weight == 2 else 0
            score.weighted_hits += weight * count
    for score in scores:
        score.keywords = 3 * (1 - math.exp(-score.weighted_hits / 2.5))


def _word_matches(
    word: str, index: dict[str, list[tuple[str, str, _Score]]]
) -> list[tuple[str, _Score]]:
    found: dict[int, tuple[str, _Score]] = {}
    for start in (0, *range(3, len(word) - _PREFIX + 1)):
        for token, keyword, score in index.get(word[start : start + _PREFIX], ()):
            if id(score) in found or not word.startswith(token, start):
                continue
            if start == 0 or len(token) >= 5:
                found[id(score)] = (keyword, score)
    return list(found.values())


def _phrase_count(tokens: tuple[str, ...], words: list[str]) -> int:
    first, rest = tokens[0], tokens[1:]
    count = 0
    for i in range(len(words) - len(rest)):
        if words[i].startswith(first) and all(
            words[i + 1 + j].startswith(t) for j, t in enumerate(rest)
        ):
            count += 1
    return count


def _score_diary(score: _Score, diary_numbers: Sequence[str], agency: str) -> None:
    leaf = score.leaf.code
    for ref in diary_numbers:
        code = _diary_class(ref)
        if code is None:
            continue
        if code == leaf:
            value = 6.0
        elif code.startswith(leaf + "."):
            value = 5.0
        elif leaf.startswith(code + "."):
            value = 2.5
        else:
            continue
        owner = ref.split("/")[0]
        if not owner[:1].isdigit() and owner.upper() != agency.strip().upper():
            value /= 2
        if value > score.diary:
            score.diary, score.diary_ref = value, ref


def _diary_class(ref: str) -> str | None:
    """The class segment of an older-form diary number: 07.01 in UUDELY/1290/07.01/2010."""
    parts = ref.split("/")
    numeric = [p for p in parts if p[:1].isdigit()]
    return next((p for p in numeric[1:-1] if _CLASS_SEGMENT.fullmatch(p)), None)


def _reason(
    best: _Score, runner: _Score | None, doc_type: str, agency: str, kind: str | None
) -> str:
    parts = []
    if best.diary:
        parts.append(f"diary number {best.diary_ref} carries its class code")
    if best.hits:
        top = ", ".join(f"'{k}' x{n}" for k, n in best.hits.most_common(3))
        total = sum(best.hits.values())
        parts.append(f"{total} keyword hits ({top}; {best.heading_hits} in the heading)")
    if best.doc_type:
        parts.append(f"document type '{doc_type}' belongs to the process")
    if best.agency > 0:
        parts.append(f"{agency} is an agency of kind {kind}, as the process expects")
    elif best.agency < 0:
        parts.append(f"although {agency} ({kind}) is not among the agency kinds of the process")
    text = f"Class {best.leaf.code} ({best.process.id}): " + "; ".join(parts)
    if runner is not None:
        text += f"; runner-up {runner.leaf.code} ({runner.process.id}) {runner.total:.1f} vs "
        text += f"{best.total:.1f}"
    return text + "."


def _fallback(plan: RecordsPlan) -> ClassAssignment:
    leaf = plan.find(plan.general_class)
    assert leaf is not None  # RecordsPlan validation guarantees a leaf general class
    reason = (
        f"No diary-number class, topic keyword or document-type evidence; fell back to the "
        f"general class {leaf.code}."
    )
    return _assignment(plan, leaf, leaf.processes[0], FALLBACK_CONFIDENCE, reason, None)


def _assignment(
    plan: RecordsPlan,
    leaf: PlanClass,
    process: Process,
    confidence: float,
    reason: str,
    runner_up: str | None,
) -> ClassAssignment:
    return ClassAssignment(
        code=leaf.code,
        title_fi=leaf.title_fi,
        title_sv=leaf.title_sv,
        process_id=process.id,
        confidence=confidence,
        reason=reason,
        defaults=process.defaults(),
        runner_up=runner_up,
        plan_version=plan.version,
        plan_hash=plan.content_hash,
    )
