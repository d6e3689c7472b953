"""Embedded full-text index on tantivy, for one machine (laptop, single-node deployments).

All linguistic analysis comes from ``infra.analysis``; tantivy only splits the precomputed
token fields on whitespace, as the OpenSearch backend does.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import tantivy

from infra.analysis import (
    QueryTerm,
    analyze_document,
    analyze_query,
    normalize_diary_number,
    snippet,
)
from infra.search.base import (
    FACET_FIELDS,
    FILTER_FIELDS,
    IndexDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from infra.search.fields import DIARY_SCORE, FACET_SIZE, KEYWORD_FIELDS, TOKEN_FIELDS

WRITER_HEAP = 64_000_000  # bytes; with one indexing thread, leaves the other core to Python
LOCK_FILE = ".arkki-write.lock"


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_bytes_field("title", stored=True)  # stored only: its analysis goes to token fields
    sb.add_bytes_field("text", stored=True)
    for name in TOKEN_FIELDS:
        sb.add_text_field(name, tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("diary_number", stored=True, tokenizer_name="keyword_lower")
    for name in KEYWORD_FIELDS:
        sb.add_text_field(name, stored=True, fast=True, tokenizer_name="raw")
    sb.add_integer_field("year", stored=True, indexed=True, fast=True)
    # ISO strings: tantivy date fields refuse dates before 1677, which old records can carry
    sb.add_text_field("dates", stored=True, tokenizer_name="raw", index_option="basic")
    return sb.build()


class EmbeddedIndex:
    """A ``SearchIndex`` in a directory. Any number of readers; writers (threads or processes)
    take turns through an fcntl lock on ``<path>/.arkki-write.lock``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self._schema = _schema()
        with self._write_lock():  # creating meta.json must not race another process
            self._index = tantivy.Index(self._schema, path=str(self.path))
        keyword_lower = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw())
        self._index.register_tokenizer(
            "keyword_lower", keyword_lower.filter(tantivy.Filter.lowercase()).build()
        )

    # -- writes -------------------------------------------------------------------------------

    def index(self, documents: list[IndexDocument]) -> None:
        if not documents:
            return
        with self._writer() as writer:  # tantivy indexes on its thread while Python analyses
            for doc in documents:
                writer.delete_documents_by_term("id", doc.id)
                writer.add_document(self._to_tantivy(doc))

    def delete(self, document_id: str) -> None:
        with self._writer() as writer:
            writer.delete_documents_by_term("id", document_id)

    def count(self) -> int:
        n: int = self._index.searcher().num_docs
        return n

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        with open(self.path / LOCK_FILE, "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)  # blocks while another writer holds it
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    @contextmanager
    def _writer(self) -> Iterator[tantivy.IndexWriter]:
        with self._write_lock():
            writer = self._index.writer(heap_size=WRITER_HEAP, num_threads=1)
            try:
                yield writer
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()  # drops the writer and tantivy's own lock
        self._index.reload()

    def _to_tantivy(self, doc: IndexDocument) -> tantivy.Document:
        analyzed = analyze_document(f"{doc.title}\n{doc.text}")
        tdoc = tantivy.Document()
        tdoc.add_text("id", doc.id)
        tdoc.add_bytes("title", doc.title.encode())
        tdoc.add_bytes("text", doc.text.encode())
        for name in TOKEN_FIELDS:
            tdoc.add_text(name, getattr(analyzed, name))
        for number in doc.diary_numbers:
            tdoc.add_text("diary_number", number)
        for name in KEYWORD_FIELDS:
            if value := getattr(doc, name):
                tdoc.add_text(name, value)
        if doc.year is not None:
            tdoc.add_integer("year", doc.year)
        for d in doc.dates:
            tdoc.add_text("dates", d.isoformat())
        return tdoc

    # -- search -------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        terms = analyze_query(query.text)
        tquery = self._build_query(terms, query.filters)
        searcher = self._index.searcher()
        result = searcher.search(tquery, limit=query.limit, offset=query.offset, count=True)
        hits = [self._hit(searcher.doc(addr), score, terms) for score, addr in result.hits]
        total: int = result.count  # type: ignore[attr-defined]  # missing from tantivy.pyi
        return SearchResult(total=total, hits=hits, facets=self._facets(searcher, tquery))

    def _build_query(self, terms: list[QueryTerm], filters: dict[str, str]) -> tantivy.Query:
        must = tantivy.Occur.Must
        clauses = [(must, self._term_query(t)) for t in terms]
        clauses += [
            (must, tantivy.Query.const_score_query(self._filter(k, v), 0.0))
            for k, v in filters.items()
        ]
        if not terms:
            clauses.append((must, tantivy.Query.all_query()))
        return tantivy.Query.boolean_query(clauses)

    def _term_query(self, term: QueryTerm) -> tantivy.Query:
        should = []
        for name, boost in TOKEN_FIELDS.items():
            for value in getattr(term, name):
                tq = tantivy.Query.term_query(self._schema, name, value, index_option="freq")
                should.append((tantivy.Occur.Should, tantivy.Query.boost_query(tq, boost)))
        if term.diary_number:
            dq = tantivy.Query.term_query(self._schema, "diary_number", term.diary_number)
            should.append((tantivy.Occur.Should, tantivy.Query.const_score_query(dq, DIARY_SCORE)))
        return tantivy.Query.boolean_query(should)

    def _filter(self, name: str, value: str) -> tantivy.Query:
        if name not in FILTER_FIELDS:
            raise ValueError(f"unknown filter field {name!r}; expected one of {FILTER_FIELDS}")
        if name == "year":
            try:
                return tantivy.Query.term_query(self._schema, "year", int(value))
            except ValueError:
                raise ValueError(f"filter year={value!r} is not an integer") from None
        if name == "diary_number":
            value = normalize_diary_number(value)
        return tantivy.Query.term_query(self._schema, name, value)

    def _facets(
        self, searcher: tantivy.Searcher, tquery: tantivy.Query
    ) -> dict[str, dict[str, int]]:
        spec = {f: {"terms": {"field": f, "size": FACET_SIZE}} for f in FACET_FIELDS}
        result = searcher.aggregate(tquery, spec)
        return {
            f: {_key(b["key"]): int(b["doc_count"]) for b in result[f]["buckets"]}
            for f in FACET_FIELDS
        }

    def _hit(self, doc: tantivy.Document, score: float, terms: list[QueryTerm]) -> SearchHit:
        fields = doc.to_dict()
        text = bytes(fields.get("text", [b""])[0]).decode()
        return SearchHit(
            id=fields["id"][0],
            title=bytes(fields.get("title", [b""])[0]).decode(),
            doc_type=fields.get("doc_type", [""])[0],
            diary_numbers=fields.get("diary_number", []),
            score=score,
            snippet=snippet(text, terms),
        )


def _key(value: object) -> str:
    """Bucket keys as strings; numeric keys (year) may come back as floats."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
