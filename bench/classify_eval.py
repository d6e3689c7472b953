"""Document-type classifier: accuracy, macro-F1 and calibration on templates it never saw.

For each seed (--seed, repeatable) one template number per document type is held out, in both
languages (the Finnish and Swedish templates of one number share their layout, so holding out
only one language would leak its structure). The model (metadata.classifier) is trained with
the built-in recipe (builtin_examples) on the remaining templates and evaluated on OCR-noisy
documents (noise rates --noise, other corpus seed) of the held-out ones:

  accuracy and macro-F1 per language (fin, swe), the confusion matrix (rows: truth);
  calibration at --threshold T: accuracy of predictions with confidence >= T and < T, the share
  at or above T, and the expected calibration error (ECE, 10 equal-width bins); accuracy and
  share at the thresholds 0.7 to 0.95;
  the rules-only baseline (metadata.doctype.classify) on the same documents.
With several seeds a min/mean/max spread follows.

With --shared (default ../shared beside the repository when it exists) a separate block of
real documents follows: Finlex statutes 2021-2023 (document_type_attr Päätös -> paatos;
Laki, Asetus, Työjärjestys, Luettelo -> muu, since statutes are none of our types; unlabelled
ones skipped) and KHO decisions (-> paatos; Finnish full text, Swedish abstracts only), --real
documents per subset, sampled deterministically. It also prints training time, model size on
disk and prediction time for a five-page text (the first seed's model).

  PYTHONPATH=. .venv/bin/python bench/classify_eval.py [--seed 0 --seed 1 --seed 2]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.metrics import confusion_matrix, f1_score

from metadata.classifier import (
    TypeModel,
    builtin_examples,
    load_model,
    save_model,
    train_type_model,
)
from metadata.corpus import TEMPLATES, generate_corpus, template_parts
from metadata.doctype import classify

ROOT = Path(__file__).resolve().parents[1]
STATUTE_LABELS = {"Päätös": "paatos", "Laki": "muu", "Asetus": "muu", "Työjärjestys": "muu"}
STATUTE_LABELS["Luettelo"] = "muu"


@dataclass
class Scored:
    truth: list[str]
    pred: list[str]
    conf: np.ndarray
    lang: list[str]


def held_out_templates(seed: int) -> list[str]:
    """One template number per type, chosen by ``seed``, in both languages."""
    rng = random.Random(f"classify-eval:{seed}")
    by_type: dict[str, set[int]] = {}
    for tid in TEMPLATES:
        doc_type, _, index = template_parts(tid)
        by_type.setdefault(doc_type, set()).add(index)
    held = {t: rng.choice(sorted(ix)) for t, ix in sorted(by_type.items())}
    return [tid for tid in TEMPLATES if template_parts(tid)[2] == held[template_parts(tid)[0]]]


def ece(conf: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in itertools.pairwise(edges):
        inside = (conf > lo) & (conf <= hi) if lo > 0 else (conf >= lo) & (conf <= hi)
        if inside.any():
            total += inside.mean() * abs(conf[inside].mean() - correct[inside].mean())
    return float(total)


def score_model(
    model: TypeModel, texts: list[str], langs: list[str]
) -> tuple[list[str], np.ndarray]:
    probs = model.probabilities(texts, langs)
    best = probs.argmax(axis=1)
    return [model.classes[i] for i in best], probs.max(axis=1)


def score_rules(texts: list[str], langs: list[str]) -> tuple[list[str], np.ndarray]:
    out = [classify(t, lang) for t, lang in zip(texts, langs, strict=True)]
    return [o[0] for o in out], np.array([o[1] for o in out])


def calibration_line(s: Scored, threshold: float) -> str:
    correct = np.array([a == b for a, b in zip(s.truth, s.pred, strict=True)])
    above = s.conf >= threshold

    def acc(mask: np.ndarray) -> str:
        return f"{correct[mask].mean():.3f} (n={int(mask.sum())})" if mask.any() else "n/a"

    return (
        f"conf>={threshold:.2f}: acc {acc(above)}, share {above.mean():.3f}; "
        f"conf<{threshold:.2f}: acc {acc(~above)}; ECE {ece(s.conf, correct):.3f}"
    )


def per_language(s: Scored) -> dict[str, tuple[float, float]]:
    out = {}
    for lang in sorted(set(s.lang)):
        idx = [i for i, x in enumerate(s.lang) if x == lang]
        t = [s.truth[i] for i in idx]
        p = [s.pred[i] for i in idx]
        acc = sum(a == b for a, b in zip(t, p, strict=True)) / len(t)
        out[lang] = (acc, float(f1_score(t, p, average="macro", labels=sorted(set(t)))))
    return out


def print_confusion(s: Scored, classes: list[str]) -> None:
    m = confusion_matrix(s.truth, s.pred, labels=classes)
    short = [c[:6] for c in classes]
    print("confusion (rows truth, columns prediction):")
    print("        " + " ".join(f"{c:>6}" for c in short))
    for name, row in zip(short, m, strict=True):
        print(f"{name:>7} " + " ".join(f"{n:>6}" for n in row))


def run_seed(seed: int, args: argparse.Namespace) -> tuple[TypeModel, dict[str, float], float]:
    held = held_out_templates(seed)
    train_ids = [t for t in TEMPLATES if t not in held]
    corpus = builtin_examples(seed, train_ids)
    started = time.perf_counter()
    model = train_type_model(corpus, seed=seed)
    train_s = time.perf_counter() - started
    test = generate_corpus(seed + 1000, args.per_template, held, noise_rates=args.noise)
    texts, langs, truth = (
        [t.text for t in test],
        [t.language for t in test],
        [t.doc_type for t in test],
    )
    held_numbers = sorted({f"{template_parts(t)[0]}/{template_parts(t)[2]}" for t in held})
    print(f"\n=== seed {seed}: held-out templates (both languages): {' '.join(held_numbers)}")
    print(
        f"train {len(corpus)} docs from {len(train_ids)} templates in {train_s:.1f} s "
        f"(T = {model.temperature:.3f}); test {len(test)} docs, noise {args.noise}"
    )
    results: dict[str, float] = {}
    for name, (pred, conf) in (
        ("model", score_model(model, texts, langs)),
        ("rules", score_rules(texts, langs)),
    ):
        s = Scored(truth, pred, conf, langs)
        langs_line = []
        for lang, (acc, f1) in per_language(s).items():
            langs_line.append(f"{lang} acc {acc:.3f} macro-F1 {f1:.3f}")
            results[f"{name}_{lang}_f1"] = f1
        print(f"{name:>5}: " + "; ".join(langs_line))
        print(f"       {calibration_line(s, args.threshold)}")
        correct = np.array([a == b for a, b in zip(truth, pred, strict=True)])
        above = conf >= args.threshold
        results[f"{name}_acc_above"] = float(correct[above].mean()) if above.any() else 0.0
        results[f"{name}_share_above"] = float(above.mean())
        results[f"{name}_ece"] = ece(conf, correct)
        if name == "model":
            cuts = []
            for t in (0.7, 0.8, 0.85, 0.9, 0.95):
                sel = conf >= t
                acc_t = f"{correct[sel].mean():.3f}" if sel.any() else "n/a"
                cuts.append(f">={t:.2f}: {acc_t}/{sel.mean():.2f}")
                results[f"model_acc_above_{t:.2f}"] = float(correct[sel].mean()) if sel.any() else 0
            print("       accuracy/share by threshold: " + "; ".join(cuts))
            print_confusion(s, model.classes)
    return model, results, train_s


def _jsonl(path: Path) -> Iterator[dict[str, object]]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def real_documents(shared: Path, n: int, seed: int) -> dict[str, list[tuple[str, str, str]]]:
    """Subset name -> [(text, language, label)], ``n`` sampled per subset."""
    corpora = shared / "corpora"
    subsets: dict[str, list[tuple[str, str, str]]] = {}
    for lang, code in (("fi", "fin"), ("sv", "swe")):
        path = corpora / "finlex_statutes" / f"statutes_{lang}_2021-2023.jsonl.gz"
        if path.exists():
            rows = [
                (str(r["text"]), code, STATUTE_LABELS[str(r["document_type_attr"])])
                for r in _jsonl(path)
                if r.get("document_type_attr") in STATUTE_LABELS and r.get("text")
            ]
            decisions = [r for r in rows if r[2] == "paatos"]
            others = [r for r in rows if r[2] != "paatos"]
            rng = random.Random(f"real:{seed}:statutes:{lang}")
            k = min(len(decisions), n // 3)
            subsets[f"statutes {lang}"] = rng.sample(decisions, k) + rng.sample(others, n - k)
    kho = corpora / "finlex_kho_decisions"
    for name, field, code in (
        ("kho_fi_2015-2025", "text", "fin"),
        ("kho_sv_all", "abstract", "swe"),
    ):
        path = kho / f"{name}.jsonl.gz"
        if path.exists():
            rows = [(str(r[field]), code, "paatos") for r in _jsonl(path) if r.get(field)]
            rng = random.Random(f"real:{seed}:{name}")
            subsets[f"KHO {code} ({field})"] = rng.sample(rows, min(n, len(rows)))
    return subsets


def real_block(model: TypeModel, shared: Path, args: argparse.Namespace) -> None:
    subsets = real_documents(shared, args.real, args.seeds[0])
    if not subsets:
        print(f"\n(no real corpora under {shared})")
        return
    print(
        "\n=== real documents (statutes: Päätös -> paatos; Laki/Asetus/Työjärjestys/Luettelo "
        "-> muu, as statutes are none of our types; KHO decisions -> paatos)"
    )
    for name, rows in subsets.items():
        texts, langs, truth = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
        for label, (pred, conf) in (
            ("model", score_model(model, texts, langs)),
            ("rules", score_rules(texts, langs)),
        ):
            s = Scored(truth, pred, conf, langs)
            acc = sum(a == b for a, b in zip(truth, pred, strict=True)) / len(truth)
            wrong = [p for a, p in zip(truth, pred, strict=True) if a != p]
            top_wrong = ", ".join(
                f"{k} {wrong.count(k)}" for k in sorted(set(wrong), key=wrong.count)[::-1][:3]
            )
            line = calibration_line(s, args.threshold)
            print(f"{name:>20} {label}: n={len(rows)} acc {acc:.3f}; {line}")
            if len(set(truth)) > 1:
                per = []
                for code in sorted(set(truth)):
                    hits = [p == code for t, p in zip(truth, pred, strict=True) if t == code]
                    per.append(f"{code} {sum(hits)}/{len(hits)}")
                print(f"{'':>20}        right per label: {', '.join(per)}")
            if top_wrong:
                print(f"{'':>20}        wrong as: {top_wrong}")


def timing(model: TypeModel) -> None:
    doc = generate_corpus(7, 1, ["paatos/fin/1"], noise_rates=(0.02,))[0].text
    five_pages = (doc + "\n\n") * (15_000 // len(doc) + 1)
    times = []
    for _ in range(30):
        started = time.perf_counter()
        model.predict(five_pages[:15_000], "fin")
        times.append(time.perf_counter() - started)
    long_text = five_pages * 10
    started = time.perf_counter()
    model.predict(long_text, "fin")
    long_ms = (time.perf_counter() - started) * 1000
    with tempfile.TemporaryDirectory() as tmp:
        save_model(model, Path(tmp))
        size = sum(p.stat().st_size for p in Path(tmp).iterdir())
        loaded = load_model(Path(tmp))
        assert loaded.predict(doc, "fin").doc_type == model.predict(doc, "fin").doc_type
    print(
        f"\nprediction: 15,000 chars median {statistics.median(times) * 1000:.1f} ms, "
        f"{len(long_text):,} chars (truncated) {long_ms:.1f} ms; model on disk {size / 1e6:.1f} MB"
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--seed", dest="seeds", type=int, action="append", help="repeatable; default 0")
    p.add_argument("--threshold", type=float, default=0.80)
    p.add_argument("--per-template", type=int, default=30, help="test documents per template")
    p.add_argument("--noise", type=float, nargs="+", default=[0.02, 0.05])
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    p.add_argument("--real", type=int, default=150, help="real documents per subset")
    args = p.parse_args(argv)
    args.seeds = args.seeds or [0]
    args.noise = tuple(args.noise)
    runs = [run_seed(seed, args) for seed in args.seeds]
    if len(runs) > 1:
        print("\n=== spread over seeds", args.seeds)
        for key in sorted(runs[0][1]):
            values = [r[1][key] for r in runs]
            mean = statistics.mean(values)
            print(f"{key:>22}: min {min(values):.3f} mean {mean:.3f} max {max(values):.3f}")
    model = runs[0][0]
    if args.shared.exists():
        real_block(model, args.shared, args)
    timing(model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
