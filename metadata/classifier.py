"""A statistical document-type model with calibrated confidence, combined with the rules.

``train_type_model`` fits a multinomial logistic regression on hashed word, character, zone
and layout/rule-evidence features (``metadata.type_features``). Its confidence is calibrated
by temperature scaling: a model fitted without a calibration split (whole templates or groups
of examples held out) scores that split, and the one temperature ``T`` that minimises the
log-loss there divides the final model's logits. ``confidence`` is the largest calibrated
probability, meant as the chance that the answer is right on documents whose layout the model
has not seen (bench/classify_eval.py measures how well that holds). A text with few words
known from training is pulled towards the uniform distribution (``MIN_KNOWN_WORDS``).

The model is saved without pickle: ``model.npz`` (the non-zero coefficient columns and the
intercepts, float32) beside ``model.json`` (version, temperature, feature settings, classes,
training-data summary). Training is deterministic: the same examples and seed give the same
``version`` and identical coefficients.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax
from sklearn.linear_model import LogisticRegression

from metadata.corpus import TEMPLATES, generate_corpus, template_parts
from metadata.doctype import Evidence, rule_evidence
from metadata.models import DOC_TYPES
from metadata.type_features import FEATURE_VERSION, FeatureSettings, Featurizer, truncate

FORMAT = "arkki-type-model/1"
_C = 16.0  # inverse L2 regularisation strength
_MAX_ITER = 300
_TOL = 1e-4
_CALIBRATION_SHARE = 0.2  # of examples without a group
_DROP_BLOCK = 0.2
BUILTIN_PER_TEMPLATE = 24
CALIBRATION_ROUNDS = 3
MIN_KNOWN_WORDS = 20
BUILTIN_NOISE = (0.0, 0.02, 0.05, 0.08)


class ModelError(Exception):
    """A saved model is missing, corrupt or incompatible (a one-line message)."""


@dataclass(frozen=True)
class TrainingExample:
    """One labelled text. ``group``: examples of one group (a template, or one source document)
    stay on the same side of the calibration split; empty for independent examples."""

    text: str
    doc_type: str
    language: str
    source: str = "generated"  # generated | correction | real
    group: str = ""


@dataclass(frozen=True)
class TypePrediction:
    """The model's answer for one text."""

    doc_type: str
    confidence: float  # calibrated probability of doc_type, in [0, 1]
    reason: str  # e.g. "heading 'PÄÄTÖS' on line 2; model 0.97"
    alternatives: list[tuple[str, float]] = field(default_factory=list)  # top 3, best first


@dataclass
class TypeModel:
    """A trained model: ``predict`` one text, ``probabilities`` for many."""

    classes: list[str]
    coef: np.ndarray  # (n_classes, n_features) float32
    intercept: np.ndarray  # (n_classes,) float32
    temperature: float
    settings: FeatureSettings
    summary: dict[str, Any]
    version: str
    _featurizer: Featurizer | None = field(default=None, repr=False)
    _coef_t: np.ndarray | None = field(default=None, repr=False)
    _known: np.ndarray | None = field(default=None, repr=False)

    @property
    def featurizer(self) -> Featurizer:
        if self._featurizer is None:
            self._featurizer = Featurizer(self.settings)
        return self._featurizer

    def logits(
        self,
        texts: Sequence[str],
        languages: Sequence[str],
        evidence: Sequence[Sequence[Evidence]] | None = None,
    ) -> np.ndarray:
        """Uncalibrated class scores, one row per text."""
        return self._scores(texts, languages, evidence)[0]

    def probabilities(
        self,
        texts: Sequence[str],
        languages: Sequence[str],
        evidence: Sequence[Sequence[Evidence]] | None = None,
    ) -> np.ndarray:
        """Calibrated probabilities, one row per text, columns in ``classes`` order.

        Softmax of logits / temperature; for a text with fewer than ``MIN_KNOWN_WORDS`` words
        (of 3+ letters) seen in training, mixed with the uniform distribution in proportion to
        the shortfall, so that empty, garbled or foreign text never gets a high confidence.
        """
        logits, known = self._scores(texts, languages, evidence)
        probs = np.exp(log_softmax(logits / self.temperature, axis=1))
        weight = np.minimum(1.0, known / MIN_KNOWN_WORDS)[:, None]
        return weight * probs + (1 - weight) / len(self.classes)

    def _scores(
        self,
        texts: Sequence[str],
        languages: Sequence[str],
        evidence: Sequence[Sequence[Evidence]] | None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Logits and the number of words of each text that occurred in training."""
        if self._coef_t is None or self._known is None:
            self._coef_t = np.ascontiguousarray(self.coef.T)
            width = 1 << self.settings.word_bits
            self._known = np.any(self.coef[:, :width] != 0, axis=0).astype(np.float32)
        x, words = self.featurizer.transform_with_words(texts, languages, evidence)
        logits = np.asarray(x.astype(np.float32) @ self._coef_t, dtype=np.float64)
        known = np.asarray(words @ self._known, dtype=np.float64).ravel()
        return logits + self.intercept, known

    def predict(self, text: str, language: str) -> TypePrediction:
        """The most probable type of ``text`` with its calibrated confidence and a reason.

        ``language`` is fin, swe, eng or und (as ``metadata.language.detect_language`` says).
        Texts over ``settings.max_chars`` are cut to head and tail.
        """
        text = truncate(text, self.settings.max_chars)
        evidence = rule_evidence(text, language)
        probs = self.probabilities([text], [language], [evidence])[0]
        order = np.argsort(-probs, kind="stable")
        best = self.classes[order[0]]
        confidence = float(probs[order[0]])
        alternatives = [(self.classes[i], round(float(probs[i]), 4)) for i in order[:3]]
        reason = _reason(evidence, best, confidence)
        return TypePrediction(best, confidence, reason, alternatives)


def _reason(evidence: Sequence[Evidence], code: str, confidence: float) -> str:
    support = [e for e in evidence if e.code == code]
    if support:
        return f"{support[0].reason}; model {confidence:.2f}"
    if evidence:
        return (
            f"no rule evidence for '{code}' (rules: {evidence[0].reason}); model {confidence:.2f}"
        )
    return f"no rule evidence; model {confidence:.2f}"


def examples_from_corpus(texts: Sequence[Any]) -> list[TrainingExample]:
    """``LabelledText`` -> ``TrainingExample``; a template's two languages share one group."""
    out = []
    for t in texts:
        group = ""
        if t.template:
            doc_type, _, index = template_parts(t.template)
            group = f"{doc_type}/{index}"
        out.append(TrainingExample(t.text, t.doc_type, t.language, t.source, group))
    return out


def _drop_blocks(text: str, rng: random.Random) -> str:
    """``text`` with some of its blank-line separated blocks left out (never all of them)."""
    blocks = text.split("\n\n")
    kept = [b for b in blocks if rng.random() >= _DROP_BLOCK]
    return "\n\n".join(kept or blocks[:1])


def builtin_examples(
    seed: int = 0,
    templates: Collection[str] | None = None,
    per_template: int = BUILTIN_PER_TEMPLATE,
) -> list[TrainingExample]:
    """The generated training corpus: ``per_template`` documents of every template (or of
    ``templates``), both languages, OCR noise 0 to 8 %. Every other document loses some of its
    blocks (a fifth on average), so that no single layout cue is always there."""
    chosen = TEMPLATES if templates is None else templates
    corpus = generate_corpus(seed, per_template, chosen, noise_rates=BUILTIN_NOISE)
    rng = random.Random(f"arkki-augment:{seed}")
    examples = examples_from_corpus(corpus)
    return [
        replace(e, text=_drop_blocks(e.text, rng)) if i % 2 else e for i, e in enumerate(examples)
    ]


def _data_hash(examples: Sequence[TrainingExample]) -> str:
    h = hashlib.sha256()
    for e in examples:
        for part in (e.doc_type, e.language, e.source, e.group, e.text):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
    return h.hexdigest()


def _key(e: TrainingExample) -> tuple[str, str, str, str, str]:
    return (e.doc_type, e.language, e.group, e.source, hashlib.sha256(e.text.encode()).hexdigest())


def _calibration_rounds(examples: Sequence[TrainingExample], seed: int) -> np.ndarray:
    """The calibration round (0 .. CALIBRATION_ROUNDS-1) each example is held out in, or -1.

    Where a type has three or more groups, round r holds out one whole group of it (a
    different one per round, in seeded order); its other groups and its ungrouped examples
    are never held out. A type with fewer groups has a seeded fifth of its examples held out,
    spread over the rounds.
    """
    rng = random.Random(f"arkki-calibration:{seed}")
    rounds = np.full(len(examples), -1)
    for code in sorted({e.doc_type for e in examples}):
        idx = [i for i, e in enumerate(examples) if e.doc_type == code]
        groups = sorted({examples[i].group for i in idx if examples[i].group})
        rng.shuffle(groups)
        if len(groups) >= 3:
            held = {g: r for r, g in enumerate(groups[:CALIBRATION_ROUNDS])}
            for i in idx:
                rounds[i] = held.get(examples[i].group, -1)
        else:
            for i in idx:
                if rng.random() < _CALIBRATION_SHARE:
                    rounds[i] = rng.randrange(CALIBRATION_ROUNDS)
    return rounds


def _fit(x: sp.csr_matrix, y: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients (n_classes, n_features) and intercepts of an L2 logistic regression.

    Only the columns some example uses take part (the others would get weight 0 anyway),
    which makes lbfgs several times faster.
    """
    used = np.flatnonzero(np.diff(x.tocsc().indptr))
    model = LogisticRegression(C=_C, max_iter=_MAX_ITER, tol=_TOL, random_state=seed)
    model.fit(x[:, used], y)
    coef = np.zeros((len(model.classes_), x.shape[1]))
    coef[:, used] = model.coef_
    return coef, model.intercept_


def _fit_temperature(logits: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """The temperature minimising log-loss on (logits, y); returns (T, loss at 1, loss at T)."""

    def loss(log_t: float) -> float:
        lp = log_softmax(logits / np.exp(log_t), axis=1)
        return float(-lp[np.arange(len(y)), y].mean())

    res = minimize_scalar(loss, bounds=(-3.0, 3.0), method="bounded", options={"xatol": 1e-4})
    return float(np.exp(res.x)), loss(0.0), float(res.fun)


def train_type_model(examples: Sequence[TrainingExample], seed: int = 0) -> TypeModel:
    """Fit and calibrate a model on ``examples`` (order does not matter).

    Every ``doc_type`` must be a key of ``DOC_TYPES``; at least two types are needed. Raises
    ValueError otherwise. Deterministic for the same examples and seed.
    """
    bad = sorted({e.doc_type for e in examples} - set(DOC_TYPES))
    if bad:
        raise ValueError(f"unknown document type(s): {', '.join(bad)}")
    ordered = sorted(examples, key=_key)
    classes = sorted({e.doc_type for e in ordered})
    if len(classes) < 2:
        raise ValueError("training needs examples of at least two document types")
    settings = FeatureSettings()
    featurizer = Featurizer(settings)
    x = featurizer.transform([e.text for e in ordered], [e.language for e in ordered])
    y = np.array([classes.index(e.doc_type) for e in ordered])
    # Temperature: pooled out-of-group logits of models fitted without each held-out part.
    rounds = _calibration_rounds(ordered, seed)
    coef, intercept = _fit(x, y, seed)
    held_logits, held_y = [], []
    for r in range(CALIBRATION_ROUNDS):
        fit_idx, cal_idx = np.flatnonzero(rounds != r), np.flatnonzero(rounds == r)
        if len(cal_idx) == 0 or len(set(y[fit_idx])) < len(classes):
            continue
        w, b = _fit(x[fit_idx], y[fit_idx], seed)
        held_logits.append(np.asarray(x[cal_idx] @ w.T) + b)
        held_y.append(y[cal_idx])
    calibration: dict[str, Any] = {"rounds": len(held_y), "temperature": 1.0}
    temperature = 1.0
    if held_y:
        logits, truth = np.vstack(held_logits), np.concatenate(held_y)
        temperature, before, after = _fit_temperature(logits, truth)
        calibration.update(
            examples=len(truth),
            accuracy=round(float((logits.argmax(axis=1) == truth).mean()), 4),
            temperature=round(temperature, 4),
            log_loss_uncalibrated=round(before, 4),
            log_loss_calibrated=round(after, 4),
            held_out_groups=sorted({ordered[i].group for i in np.flatnonzero(rounds >= 0)} - {""}),
        )
    data_hash = _data_hash(ordered)
    params = {
        "format": FORMAT,
        "C": _C,
        "max_iter": _MAX_ITER,
        "tol": _TOL,
        "seed": seed,
        "calibration_rounds": CALIBRATION_ROUNDS,
        "min_known_words": MIN_KNOWN_WORDS,
        "features": settings.to_json(),
    }
    digest = hashlib.sha256((data_hash + json.dumps(params, sort_keys=True)).encode())
    version = digest.hexdigest()[:12]
    summary = {
        "examples": len(ordered),
        "data_sha256": data_hash,
        "per_type": dict(sorted(Counter(e.doc_type for e in ordered).items())),
        "per_language": dict(sorted(Counter(e.language for e in ordered).items())),
        "per_source": dict(sorted(Counter(e.source for e in ordered).items())),
        "params": params,
        "calibration": calibration,
    }
    return TypeModel(
        classes,
        coef.astype(np.float32),
        intercept.astype(np.float32),
        round(temperature, 6),
        settings,
        summary,
        version,
        featurizer,
    )


def save_model(model: TypeModel, folder: Path) -> None:
    """Write ``model.npz`` and ``model.json`` into ``folder`` (created if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    cols = np.flatnonzero(np.any(model.coef != 0, axis=0)).astype(np.int32)
    np.savez_compressed(
        folder / "model.npz", cols=cols, coef=model.coef[:, cols], intercept=model.intercept
    )
    meta = {
        "format": FORMAT,
        "version": model.version,
        "classes": model.classes,
        "temperature": model.temperature,
        "features": model.settings.to_json(),
        "training": model.summary,
    }
    (folder / "model.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n")


def load_model(folder: Path) -> TypeModel:
    """Read a model written by ``save_model``; ModelError if missing, corrupt or incompatible."""
    try:
        meta = json.loads((folder / "model.json").read_text())
        if meta.get("format") != FORMAT:
            raise ModelError(f"{folder}: not an arkki type model (format {meta.get('format')!r})")
        settings = FeatureSettings(**meta["features"])
        if settings.version != FEATURE_VERSION:
            raise ModelError(
                f"{folder}: feature version {settings.version}, need {FEATURE_VERSION}"
            )
        classes = [str(c) for c in meta["classes"]]
        if not set(classes) <= set(DOC_TYPES) or len(classes) < 2:
            raise ModelError(f"{folder}: unknown classes {classes}")
        with np.load(folder / "model.npz", allow_pickle=False) as arrays:
            cols, part, intercept = arrays["cols"], arrays["coef"], arrays["intercept"]
        temperature = float(meta["temperature"])
        summary, version = dict(meta["training"]), str(meta["version"])
    except ModelError:
        raise
    except FileNotFoundError as exc:
        raise ModelError(f"{folder}: model file missing ({Path(exc.filename).name})") from None
    except Exception as exc:
        raise ModelError(f"{folder}: corrupt model ({type(exc).__name__}: {exc})") from None
    n = settings.n_features
    shapes_ok = (
        part.shape == (len(classes), len(cols))
        and intercept.shape == (len(classes),)
        and (len(cols) == 0 or (cols.min() >= 0 and cols.max() < n))
    )
    finite = np.isfinite(part).all() and np.isfinite(intercept).all()
    if not shapes_ok or not finite or not temperature > 0:
        raise ModelError(f"{folder}: corrupt model (inconsistent arrays or temperature)")
    coef = np.zeros((len(classes), n), dtype=np.float32)
    coef[:, cols] = part
    return TypeModel(
        classes, coef, intercept.astype(np.float32), temperature, settings, summary, version
    )
