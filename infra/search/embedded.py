"""Embedded full-text index on tantivy, for one machine (laptop, single-node deployments).

All linguistic analysis comes from ``infra.analysis``; tantivy only splits the precomputed
token fields on whitespace, as the OpenSearch backend does.

Schema changes: the directory holds ``.arkki-schema`` (``fields.SCHEMA_VERSION``). An index
written with another schema is emptied when opened (tantivy cannot add fields to an existing
index) and ``needs_full_index()`` answers True, persistently, until ``full_index_done()``:
``flows.steps.index_records`` then indexes every catalog record again. Until it has run,
searches find fewer records, never more.

Paging: ``sort="date"`` is true search_after: the cursor holds the last hit's sort key (date
ordinal above a 40-bit hash of the id) and id, and the next page is a range query below it,
so a deep page costs what the first does. ``sort="relevance"`` has no score range query in
tantivy: its cursor holds the number of hits already shown, and tantivy collects the top
(shown + limit) hits of the matching set, so a deep page costs a larger heap (measured in
``bench/search_acl.py``); hits with equal scores keep tantivy's document order, which is
stable while the index does not change.
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
    tokenize,
)
from infra.search.base import (
    FACET_FIELDS,
    FILTER_FIELDS,
    Access,
    IndexDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
    day_number,
    decode_cursor,
    encode_cursor,
)
from infra.search.fields import (
    DIARY_SCORE,
    FACET_SIZE,
    KEYWORD_FIELDS,
    PHRASE_FIELD,
    SCHEMA_VERSION,
    TOKEN_FIELDS,
)

WRITER_HEAP = 64_000_000  # bytes; with one indexing thread, leaves the other core to Python
LOCK_FILE = ".arkki-write.lock"
VERSION_FILE = ".arkki-schema"
FULL_INDEX_FILE = ".arkki-needs-full-index"


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_bytes_field("title", stored=True)  # stored only: its analysis goes to token fields
    sb.add_bytes_field("text", stored=True)
    for name in TOKEN_FIELDS:
        option = "position" if name == PHRASE_FIELD else "freq"
        sb.add_text_field(name, tokenizer_name="whitespace", index_option=option)
    sb.add_text_field("diary_number", stored=True, tokenizer_name="keyword_lower")
    for name in KEYWORD_FIELDS:
        sb.add_text_field(name, stored=True, fast=True, tokenizer_name="raw")
    sb.add_integer_field("year", stored=True, indexed=True, fast=True)
    # ISO strings: tantivy date fields refuse dates before 1677, which old records can carry
    sb.add_text_field("dates", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("public_from", indexed=True, fast=True)  # yyyymmdd; 0 = public
    sb.add_integer_field("sort_key", stored=True, indexed=True, fast=True)
    sb.add_text_field("date", stored=True, tokenizer_name="raw", index_option="basic")
    return sb.build()


class EmbeddedIndex:
    """A ``SearchIndex`` in a directory. Any number of readers; writers (threads or processes)
    take turns through an fcntl lock on ``<path>/.arkki-write.lock``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self._schema = _schema()
        with self._write_lock():  # creating meta.json must not race another process
            self._index = self._open()
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

    def needs_full_index(self) -> bool:
        return (self.path / FULL_INDEX_FILE).exists()

    def full_index_done(self) -> None:
        (self.path / FULL_INDEX_FILE).unlink(missing_ok=True)

    def _open(self) -> tantivy.Index:
        """The index in ``path``; one of another schema version is emptied first."""
        version_file = self.path / VERSION_FILE
        written = version_file.read_text().strip() if version_file.exists() else None
        exists = (self.path / "meta.json").exists()
        if exists and written != str(SCHEMA_VERSION):
            self._empty()
        try:
            index = tantivy.Index(self._schema, path=str(self.path))
        except ValueError as error:
            if "schema does not match" not in str(error):
                raise
            self._empty()
            index = tantivy.Index(self._schema, path=str(self.path))
        if written != str(SCHEMA_VERSION):
            version_file.write_text(f"{SCHEMA_VERSION}\n")
        return index

    def _empty(self) -> None:
        for entry in self.path.iterdir():
            if entry.name != LOCK_FILE and entry.is_file():
                entry.unlink()
        (self.path / FULL_INDEX_FILE).write_text("schema changed: index every record again\n")

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
        tdoc.add_integer("public_from", doc.public_from)
        tdoc.add_integer("sort_key", doc.sort_key)
        if doc.sort_date is not None:
            tdoc.add_text("date", doc.sort_date.isoformat())
        return tdoc

    # -- search -------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        terms = analyze_query(query.text)
        tquery = self._build_query(terms, query)
        searcher = self._index.searcher()
        if query.sort == "date":
            hits, total, next_after = self._date_page(searcher, tquery, query, terms)
        else:
            offset = query.offset
            if query.after:
                offset = int(decode_cursor(query.after, "tantivy-relevance").get("o", -1))
                if offset < 0:
                    raise ValueError("after: not a cursor this search returned")
            result = searcher.search(tquery, limit=query.limit, offset=offset, count=True)
            hits = [self._hit(searcher.doc(addr), score, terms) for score, addr in result.hits]
            total = result.count  # type: ignore[attr-defined]  # missing from tantivy.pyi
            shown = offset + len(hits)
            more = hits and shown < total
            next_after = encode_cursor("tantivy-relevance", {"o": shown}) if more else None
        facets = self._facets(searcher, tquery)
        return SearchResult(total=total, hits=hits, facets=facets, next_after=next_after)

    def _date_page(
        self,
        searcher: tantivy.Searcher,
        tquery: tantivy.Query,
        query: SearchQuery,
        terms: list[QueryTerm],
    ) -> tuple[list[SearchHit], int, str | None]:
        """Newest first; ties (equal sort keys, which needs a 40-bit hash collision on the
        same day) in id order, resolved here by fetching past them."""
        total: int = searcher.search(tquery, limit=1, count=True).count  # type: ignore[attr-defined]
        page_query, after_key, after_id = tquery, None, ""
        if query.after:
            state = decode_cursor(query.after, "tantivy-date")
            after_key, after_id = int(state["s"]), str(state["i"])
            below = tantivy.Query.range_query(
                self._schema, "sort_key", tantivy.FieldType.Integer, None, after_key
            )
            must = tantivy.Occur.Must
            page_query = tantivy.Query.boolean_query([(must, tquery), (must, below)])
        elif query.offset:
            raise ValueError("sort=date pages with after, not offset")
        fetch = query.limit + 1
        while True:
            result = searcher.search(
                page_query,
                limit=fetch,
                count=False,
                order_by_field="sort_key",
                order=tantivy.Order.Desc,
            )
            rows = []
            for key, addr in result.hits:
                doc = searcher.doc(addr)
                doc_id = doc.to_dict()["id"][0]
                if after_key is not None and key == after_key and doc_id <= after_id:
                    continue  # shown on an earlier page
                rows.append((int(key), doc_id, doc))
            rows.sort(key=lambda r: (-r[0], r[1]))
            truncated = len(result.hits) == fetch
            last_fetched = int(result.hits[-1][0]) if result.hits else 0
            settled = not truncated or (
                len(rows) > query.limit and last_fetched < rows[query.limit - 1][0]
            )
            if settled:
                break
            fetch *= 2
        page = rows[: query.limit]
        hits = [self._hit(doc, 0.0, terms) for _, _, doc in page]
        more = len(rows) > query.limit
        next_after = (
            encode_cursor("tantivy-date", {"s": page[-1][0], "i": page[-1][1]})
            if more and page
            else None
        )
        return hits, total, next_after

    def _build_query(self, terms: list[QueryTerm], query: SearchQuery) -> tantivy.Query:
        must = tantivy.Occur.Must
        clauses = [(must, self._term_query(t)) for t in terms]
        for phrase in query.phrases():
            words: list[str | tuple[int, str]] = [t.text.lower() for t in tokenize(phrase)]
            if len(words) > 1:
                pq = tantivy.Query.phrase_query(self._schema, PHRASE_FIELD, words)
                clauses.append((must, pq))
        clauses += [
            (must, tantivy.Query.const_score_query(self._filter(k, v), 0.0))
            for k, v in query.filters.items()
        ]
        if query.access is not None and (acl := self._access(query.access)) is not None:
            clauses.append((must, tantivy.Query.const_score_query(acl, 0.0)))
        if not terms:
            clauses.append((must, tantivy.Query.all_query()))
        return tantivy.Query.boolean_query(clauses)

    def _access(self, access: Access) -> tantivy.Query | None:
        """Public now, or (where the role allows) of one of the viewer's agencies."""
        if access.sees_all():
            return None
        today = day_number(access.day())
        should = tantivy.Occur.Should
        public = tantivy.Query.range_query(
            self._schema, "public_from", tantivy.FieldType.Integer, None, today
        )
        clauses = [(should, public)]
        if access.may_see_secret_of_own_agency:
            for agency in access.agencies or ():
                own = tantivy.Query.term_query(self._schema, "agency", agency)
                clauses.append((should, own))
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
            agency=fields.get("agency", [""])[0],
            date=fields.get("date", [None])[0],
            publicity=fields.get("publicity", [""])[0],
            records_class=fields.get("records_class", [""])[0],
            status=fields.get("status", [""])[0],
        )


def _key(value: object) -> str:
    """Bucket keys as strings; numeric keys (year) may come back as floats."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
