"""Bench the embedded search index against a plain-Python scan measured in the same run.

.venv/bin/python bench/search_index.py [N]      # N generated documents, default 2000
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from infra.analysis import analyze_document, analyze_query
from infra.search.base import IndexDocument, SearchQuery
from infra.search.embedded import EmbeddedIndex

_FI_WORDS = (
    "palkkatuki palkkatuen palkkatukea palkkatuesta hakemus hakemuksen hakemusta päätös "
    "päätöksen päätöksestä kaupunginhallitus kaupunginhallituksen työnantaja työnantajan "
    "työnantajalle maksettiin yhdistys yhdistykselle avustus avustuksen tuki tuen "
    "rakennuslupa rakennusluvan ympäristöluvan ja on että ei joka kunta kunnan vuonna "
    "asia asian koskee myönnetään hakija hakijan selvitys liite liitteessä määräaika"
)
FI = _FI_WORDS.split()
_SV_WORDS = (
    "ansökan ansökningar ansökningen beslut beslutet besluten kommunen bidrag lönebidrag "
    "lönebidraget och om av till för nämnden arbetsgivaren sökanden utredning bilaga"
)
SV = _SV_WORDS.split()
QUERIES = ["palkkatuki", "tuki", "ansökan", "päätös hakija", "UUDELY/77/2022"]


def generate(n: int, seed: int = 1) -> list[IndexDocument]:
    rng = random.Random(seed)
    rare = ["".join(rng.choice("aeiouktpslmnrhvj") for _ in range(7)) for _ in range(5000)]
    docs = []
    for i in range(n):
        swedish = i % 4 == 0
        vocab = SV if swedish else FI
        words = [rng.choice(vocab) if rng.random() < 0.8 else rng.choice(rare) for _ in range(200)]
        diary = f"UUDELY/{i}/{2017 + i % 8}"
        docs.append(
            IndexDocument(
                id=f"doc-{i}",
                title=" ".join(words[:5]),
                text=" ".join(words) + f". Dnro {diary}.",
                doc_type=rng.choice(["paatos", "hakemus", "kirje"]),
                agency=rng.choice(["UUDELY", "KEHA", "NTM", "PRH"]),
                language="swe" if swedish else "fin",
                diary_numbers=[diary],
                dates=[date(2017 + i % 8, 1 + i % 12, 1)],
            )
        )
    return docs


def timings(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def main(n: int) -> None:
    docs = generate(n)
    with tempfile.TemporaryDirectory() as tmp:
        index = EmbeddedIndex(Path(tmp) / "ix")
        t0 = time.perf_counter()
        for start in range(0, n, 500):
            index.index(docs[start : start + 500])
        elapsed = time.perf_counter() - t0
        print(f"indexed {n} docs in {elapsed:.2f} s: {n / elapsed:,.0f} docs/s (cold word cache)")

        # Baseline: linear scan over precomputed base-form strings, AND of the query words.
        bases = [f" {analyze_document(d.title + ' ' + d.text).fi_base} " for d in docs]

        def scan(text: str) -> list[int]:
            needles = [f" {t.fi_base[0]} " for t in analyze_query(text)]
            return [i for i, b in enumerate(bases) if all(w in b for w in needles)][:10]

        print(f"{'query':<22}{'hits':>6}{'p50 ms':>9}{'p95 ms':>9}{'scan p50':>10}{'ratio':>8}")
        for text in QUERIES:
            q = SearchQuery(text=text)
            total = index.search(q).total
            p50, p95 = timings(lambda q=q: index.search(q), 50)  # type: ignore[misc]
            s50, _ = timings(lambda text=text: scan(text), 10)  # type: ignore[misc]
            print(f"{text:<22}{total:>6}{p50:>9.2f}{p95:>9.2f}{s50:>10.2f}{s50 / p50:>7.1f}x")
        filtered = SearchQuery(text="palkkatuki", filters={"agency": "KEHA", "year": "2019"})
        p50, p95 = timings(lambda: index.search(filtered), 50)
        total = index.search(filtered).total
        print(f"{'palkkatuki +2 filters':<22}{total:>6}{p50:>9.2f}{p95:>9.2f}")
        print("search: top 10 with snippets and 4 facets; scan: AND over base forms, unranked")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
