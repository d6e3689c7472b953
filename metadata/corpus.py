"""A text-only generator of labelled administrative documents, for training and evaluation.

Every document type of ``metadata.models.DOC_TYPES`` has at least four structurally different
templates, each in Finnish and Swedish; a template id reads ``"paatos/fin/2"``. The Finnish and
Swedish templates with the same type and number share their layout (so an evaluation that holds
out a template should hold out both languages of it). Documents look like what ELY centres, TE
offices and KEHA-keskus write: letterheads, diary numbers such as ``UUDELY/1290/2017``, dates,
signatures, and topics from pay subsidies to water permits. Hard cases are included on purpose:
a covering letter that talks about the decision it sends, an appeal that quotes the decision it
contests, an application that quotes earlier decisions, a decision on *paying* a grant headed
"Päätös tuen maksamisesta", meeting memos beside minutes.

``generate_corpus`` is deterministic for a seed; ``metadata.noise.ocr_noise`` adds OCR damage.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from metadata.corpus_appeals import SPECS as _APPEALS
from metadata.corpus_base import TemplateSpec, new_ctx
from metadata.corpus_contracts import SPECS as _CONTRACTS
from metadata.corpus_decisions import SPECS as _DECISIONS
from metadata.corpus_meetings import SPECS as _MEETINGS
from metadata.corpus_other import SPECS as _OTHER
from metadata.corpus_requests import SPECS as _REQUESTS
from metadata.noise import ocr_noise

LANGUAGES = ("fin", "swe")


@dataclass(frozen=True)
class LabelledText:
    """One labelled document text."""

    text: str
    doc_type: str  # a key of metadata.models.DOC_TYPES
    language: str  # "fin" | "swe"
    template: str  # template id, e.g. "paatos/fin/2"; "" for texts not from a template
    source: str = "generated"  # "generated" | "real" | ...


_SPECS: dict[str, TemplateSpec] = {
    f"{s.doc_type}/{lang}/{s.index}": s
    for s in (*_DECISIONS, *_APPEALS, *_REQUESTS, *_CONTRACTS, *_MEETINGS, *_OTHER)
    for lang in LANGUAGES
}
TEMPLATES: tuple[str, ...] = tuple(sorted(_SPECS))


def template_parts(template_id: str) -> tuple[str, str, int]:
    """``"paatos/fin/2"`` -> ``("paatos", "fin", 2)``."""
    doc_type, lang, index = template_id.split("/")
    return doc_type, lang, int(index)


def render(template_id: str, rng: random.Random) -> str:
    """One clean (noise-free) document from ``template_id``, drawn with ``rng``."""
    spec = _SPECS[template_id]
    _, lang, _ = template_parts(template_id)
    ctx = new_ctx(rng, lang, rng.choice(spec.topics))
    text = spec.build(ctx)
    stock = ctx.stock(spec.doc_type)
    if stock:
        blocks = text.split("\n\n")
        blocks.insert(rng.randint(len(blocks) // 2, len(blocks) - 1), stock)
        text = "\n\n".join(blocks)
    # Tesseract prints column gaps as runs of blanks, never as tabs.
    return "\n".join(
        "".join(part + rng.choice((" ", "  ", "    ")) for part in row.split("\t")[:-1])
        + row.split("\t")[-1]
        for row in text.split("\n")
    )


def generate_corpus(
    seed: int,
    per_template: int,
    templates: Collection[str] | None = None,
    noise_rates: Sequence[float] = (0.0, 0.02, 0.05),
) -> list[LabelledText]:
    """``per_template`` documents from each template (all of ``TEMPLATES`` when None).

    Document ``i`` of a template gets OCR noise at ``noise_rates[i % len(noise_rates)]``.
    Output order: templates sorted by id, then ``i``. The same arguments always give the same
    texts. Raises ValueError for an unknown template id or an empty ``noise_rates``.
    """
    chosen = sorted(TEMPLATES if templates is None else set(templates))
    unknown = [t for t in chosen if t not in _SPECS]
    if unknown:
        raise ValueError(f"unknown template id(s): {', '.join(unknown)}")
    if not noise_rates:
        raise ValueError("noise_rates must not be empty")
    out: list[LabelledText] = []
    for tid in chosen:
        doc_type, lang, _ = template_parts(tid)
        for i in range(per_template):
            text = render(tid, random.Random(f"arkki-corpus:{seed}:{tid}:{i}"))
            rate = noise_rates[i % len(noise_rates)]
            text = ocr_noise(text, random.Random(f"arkki-noise:{seed}:{tid}:{i}"), rate)
            out.append(LabelledText(text, doc_type, lang, tid))
    return out
