"""Bench the embedded (tantivy) index against OpenSearch on the same generated documents.

.venv/bin/python bench/search_backends.py [N] [URL]

N generated documents (default 2000; generator from bench/search_index.py). Without URL an
osmem-server (test extras) is started on 127.0.0.1; with URL (http(s)://host:9200) a real
cluster is used, under a throwaway alias that is deleted afterwards. Both backends do their
Finnish/Swedish analysis in Python (Voikko), so indexing docs/s includes it; the word cache is
emptied before each backend so neither profits from the other's warm-up.
"""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_index import QUERIES, generate, timings

from infra.analysis import analyze_word
from infra.search.base import IndexDocument, SearchIndex, SearchQuery
from infra.search.embedded import EmbeddedIndex
from infra.search.opensearch import OpenSearchIndex

BATCH = 500
REPEAT = 30


def measure(index: SearchIndex, docs: list[IndexDocument]) -> dict[str, float]:
    analyze_word.cache_clear()
    t0 = time.perf_counter()
    for start in range(0, len(docs), BATCH):
        index.index(docs[start : start + BATCH])
    result = {"docs/s": len(docs) / (time.perf_counter() - t0)}
    for text in QUERIES:
        q = SearchQuery(text=text)
        _, result[text] = timings(lambda q=q: index.search(q), REPEAT)  # type: ignore[misc]
    filtered = SearchQuery(text="palkkatuki", filters={"agency": "KEHA", "year": "2019"})
    _, result["palkkatuki +2 filters"] = timings(lambda: index.search(filtered), REPEAT)
    return result


def main(n: int, url: str | None) -> None:
    docs = generate(n)
    with tempfile.TemporaryDirectory() as tmp:
        embedded = measure(EmbeddedIndex(Path(tmp) / "ix"), docs)
    server = None
    if url is None:
        from osmem_server import OsmemServer

        server = OsmemServer.start(addr="127.0.0.1:0", japanese=False)
        url = server.url
    alias = f"bench-{uuid.uuid4().hex[:8]}"
    remote = OpenSearchIndex(url, alias=alias)
    try:
        opensearch = measure(remote, docs)
    finally:
        client = remote._client
        client.indices.delete(index=f"{alias}-v*")
        client.indices.delete_index_template(name=alias)
        if server is not None:
            server.close()
    where = "osmem-server" if server is not None else remote.host
    print(f"{n} documents, index() calls of {BATCH}; query p95 in ms over {REPEAT} runs")
    print("(top 10 with snippets and 4 facets)")
    print(f"{'':<24}{'embedded':>12}{'opensearch':>12}{'ratio':>8}   opensearch = {where}")
    for key, value in embedded.items():
        other = opensearch[key]
        ratio = value / other if key == "docs/s" else other / value
        fmt = ",.0f" if key == "docs/s" else ".2f"
        print(f"{key:<24}{value:>12{fmt}}{other:>12{fmt}}{ratio:>7.1f}x")
    print("ratio: how many times faster the embedded index is")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 2000,
        sys.argv[2] if len(sys.argv) > 2 else None,
    )
