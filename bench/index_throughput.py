"""Indexing throughput, query latency and rebuild-from-catalog time, embedded vs OpenSearch.

.venv/bin/python bench/index_throughput.py [--sizes 10000,100000] [--opensearch URL]
    [--osmem-max N] [--rebuild-max N] [--repeat R]

For each size N: N generated Finnish/Swedish text documents (bench/search_index.py's generator,
no OCR) are indexed in ``index()`` calls of 500 into the embedded (tantivy) index and into
OpenSearch over HTTP (an osmem-server started here, or ``--opensearch URL`` for a real cluster,
under a throwaway alias deleted afterwards). Measured in the same run:
- baseline: a plain loop that only runs arkki's Python analysis (Voikko base forms, compounds)
  over the documents, the floor both backends pay; ratios are against the embedded index;
- query latency p50/p95 over the five queries of bench/search_index.py plus one with two
  filters (top 10 with snippets and four facets), ``R`` runs each;
- rebuild from the catalog: a temporary SQLite catalog and local object store are populated
  with N records (not timed), then the ``arkki reindex`` code (flows.steps.index_records:
  catalog rows → record JSON + text.txt → index) runs into an empty index; for OpenSearch also
  ``OpenSearchIndex.reindex`` (a new index behind the alias, switched atomically).
osmem at 100,000 documents takes minutes on two cores: ``--osmem-max`` (default 10,000) and
``--rebuild-max`` (default 10,000) cap the sizes those run at; skipped cells print as "-".
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_index import QUERIES, generate

from infra.analysis import analyze_document, analyze_word
from infra.search.base import IndexDocument, SearchIndex, SearchQuery
from infra.search.embedded import EmbeddedIndex
from infra.search.opensearch import OpenSearchIndex

BATCH = 500
Row = dict[str, Any]


def _ms_percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def analysis_baseline(docs: list[IndexDocument]) -> float:
    """docs/s of the Python analysis alone (cold word cache), what every backend pays first."""
    analyze_word.cache_clear()
    t0 = time.perf_counter()
    for doc in docs:
        analyze_document(f"{doc.title}\n{doc.text}")
    return len(docs) / (time.perf_counter() - t0)


def index_all(index: SearchIndex, docs: list[IndexDocument]) -> float:
    analyze_word.cache_clear()
    t0 = time.perf_counter()
    for start in range(0, len(docs), BATCH):
        index.index(docs[start : start + BATCH])
    return len(docs) / (time.perf_counter() - t0)


def query_latency(index: SearchIndex, repeat: int) -> tuple[float, float]:
    queries = [SearchQuery(text=text) for text in QUERIES]
    queries.append(SearchQuery(text="palkkatuki", filters={"agency": "KEHA", "year": "2019"}))
    for query in queries:  # warm-up: the first search opens readers / caches
        index.search(query)
    samples = []
    for _ in range(repeat):
        for query in queries:
            t0 = time.perf_counter()
            index.search(query)
            samples.append((time.perf_counter() - t0) * 1000)
    return _ms_percentiles(samples)


# rebuild from the catalog --------------------------------------------------------------------
def populate_catalog(docs: list[IndexDocument], folder: Path) -> tuple[Any, Any, float]:
    """A SQLite catalog and local store holding ``docs`` as records; returns them and seconds."""
    from archive_schema.record import RecordMetadata, RecordStatus
    from infra.catalog import Catalog
    from infra.store import LocalObjectStore
    from metadata.models import Description

    t0 = time.perf_counter()
    catalog = Catalog(f"sqlite:///{folder / 'catalog.sqlite'}")
    store = LocalObjectStore(folder / "objects")
    created = datetime.now(UTC)
    for doc in docs:
        description = Description(
            language=doc.language,
            language_confidence=1.0,
            doc_type=doc.doc_type,
            doc_type_confidence=1.0,
            doc_type_reason="generated",
            title=doc.title,
            diary_numbers=doc.diary_numbers,
            dates=doc.dates,
        )
        record = RecordMetadata(
            id=doc.id,
            batch_id="bench",
            agency=doc.agency,
            status=RecordStatus.STORED,
            files=[],
            pages=[],
            description=description,
            ocr_confidence=None,
            created_at=created,
        )
        store.put_bytes(f"records/{doc.id}/text.txt", doc.text.encode(), "text/plain")
        catalog.add_record(
            doc.id,
            "bench",
            "stored",
            doc.doc_type,
            doc.agency,
            doc.title,
            record.model_dump_json(),
        )
    return catalog, store, time.perf_counter() - t0


def mark_all_unindexed(catalog: Any) -> None:
    from sqlalchemy import update

    from infra.catalog import records

    with catalog.engine.begin() as conn:
        conn.execute(update(records).values(indexed=False))


def rebuild_seconds(catalog: Any, store: Any, index: SearchIndex) -> float:
    """``arkki reindex`` into an empty index: every catalog record is read and indexed."""
    from flows.steps import index_records

    mark_all_unindexed(catalog)
    analyze_word.cache_clear()
    t0 = time.perf_counter()
    done, problem = index_records(catalog, store, index, batch_size=BATCH)
    seconds = time.perf_counter() - t0
    if problem:
        raise SystemExit(f"rebuild failed: {problem}")
    if index.count() != done:
        raise SystemExit(f"rebuild indexed {done} but the index holds {index.count()}")
    return seconds


def catalog_documents(catalog: Any, store: Any) -> Iterator[IndexDocument]:
    """Every catalog record as an index document, in id order (what a full reindex reads)."""
    from archive_schema.record import RecordMetadata
    from flows.steps import index_document

    for row in sorted(catalog.unindexed(), key=lambda r: r["id"]):
        record = RecordMetadata.model_validate_json(row["record"])
        yield index_document(record, store.get_bytes(f"records/{record.id}/text.txt").decode())


def alias_reindex_seconds(catalog: Any, store: Any, index: OpenSearchIndex) -> float:
    mark_all_unindexed(catalog)
    analyze_word.cache_clear()
    t0 = time.perf_counter()
    report = index.reindex(catalog_documents(catalog, store))
    seconds = time.perf_counter() - t0
    if index.count() != report.loaded:
        raise SystemExit(f"alias reindex loaded {report.loaded}, index holds {index.count()}")
    return seconds


# running -------------------------------------------------------------------------------------
def _opensearch(url: str) -> OpenSearchIndex:
    return OpenSearchIndex(url, alias=f"bench-{uuid.uuid4().hex[:8]}", timeout_s=300)


def _drop(index: OpenSearchIndex) -> None:
    client = index._client
    client.indices.delete(index=f"{index.alias}-v*")
    client.indices.delete_index_template(name=index.alias)


def _timed(label: str, fn: Callable[[], Any]) -> Any:
    t0 = time.perf_counter()
    result = fn()
    print(f"  {label}: {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    return result


def run_size(n: int, url: str, with_os: bool, with_rebuild: bool, repeat: int) -> list[Row]:
    print(f"{n:,} documents", file=sys.stderr, flush=True)
    docs = _timed("generate", lambda: generate(n))
    rows: list[Row] = [{"n": n, "backend": "analysis only", "docs/s": analysis_baseline(docs)}]
    with tempfile.TemporaryDirectory() as tmp:
        embedded = EmbeddedIndex(Path(tmp) / "ix")
        row: Row = {"n": n, "backend": "embedded"}
        row["docs/s"] = _timed("embedded index", lambda: index_all(embedded, docs))
        row["p50"], row["p95"] = query_latency(embedded, repeat)
        rows.append(row)
    remote = None
    if with_os:
        remote = _opensearch(url)
        try:
            row = {"n": n, "backend": "opensearch"}
            row["docs/s"] = _timed("opensearch index", lambda: index_all(remote, docs))
            row["p50"], row["p95"] = query_latency(remote, repeat)
            rows.append(row)
        finally:
            _drop(remote)
    if with_rebuild:
        with tempfile.TemporaryDirectory() as tmp:
            catalog, store, populate = _timed(
                "populate catalog", lambda: populate_catalog(docs, Path(tmp))
            )
            rows[1]["populate s"] = populate
            fresh = EmbeddedIndex(Path(tmp) / "rebuild-ix")
            rows[1]["rebuild s"] = _timed(
                "embedded rebuild", lambda: rebuild_seconds(catalog, store, fresh)
            )
            if with_os:
                target = _opensearch(url)
                try:
                    rows[2]["populate s"] = populate
                    rows[2]["rebuild s"] = _timed(
                        "opensearch rebuild", lambda: rebuild_seconds(catalog, store, target)
                    )
                    rows[2]["alias reindex s"] = _timed(
                        "opensearch alias reindex",
                        lambda: alias_reindex_seconds(catalog, store, target),
                    )
                finally:
                    _drop(target)
            catalog.engine.dispose()
    return rows


def print_table(rows: list[Row], where: str, repeat: int) -> None:
    print(f"opensearch = {where}; index() calls of {BATCH}; query = top 10 with snippets and")
    runs = f"{repeat} runs ({max(3, repeat // 4)} above 10,000 documents)"
    print(f"4 facets, 6 queries x {runs}; ratio = docs/s relative to the embedded index")
    head = (
        f"{'docs':>8}  {'backend':<14}{'index docs/s':>13}{'ratio':>7}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'rebuild s':>11}{'alias s':>9}{'populate s':>12}"
    )
    print(head)
    base: dict[int, float] = {r["n"]: r["docs/s"] for r in rows if r["backend"] == "embedded"}

    def cell(row: Row, key: str, width: int, fmt: str) -> str:
        return f"{row[key]:>{width}{fmt}}" if key in row else f"{'-':>{width}}"

    for row in rows:
        ratio = row["docs/s"] / base[row["n"]]
        print(
            f"{row['n']:>8,}  {row['backend']:<14}{row['docs/s']:>13,.0f}{ratio:>6.2f}x"
            + cell(row, "p50", 9, ".2f")
            + cell(row, "p95", 9, ".2f")
            + cell(row, "rebuild s", 11, ".1f")
            + cell(row, "alias reindex s", 9, ".1f")
            + cell(row, "populate s", 12, ".1f")
        )
    print("rebuild s: `arkki reindex` code from a SQLite catalog + local store into an empty index")
    print("alias s: OpenSearchIndex.reindex (new index, alias switched); populate: not timed above")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--opensearch", metavar="URL", help="a real cluster (default: osmem)")
    parser.add_argument("--osmem-max", type=int, default=10_000)
    parser.add_argument("--rebuild-max", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    server = None
    url = args.opensearch
    if url is None:
        from osmem_server import OsmemServer

        server = OsmemServer.start(addr="127.0.0.1:0", japanese=False)
        url = server.url
    rows: list[Row] = []
    started = time.perf_counter()
    try:
        for n in sizes:
            with_os = args.opensearch is not None or n <= args.osmem_max
            repeat = args.repeat if n <= 10_000 else max(3, args.repeat // 4)
            rows += run_size(n, url, with_os, n <= args.rebuild_max, repeat)
    finally:
        if server is not None:
            server.close()
    print_table(rows, "osmem-server 0.1.6" if server else url, args.repeat)
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
