"""OpenSearch (or an OpenSearch-compatible cluster) as arkki's search index.

Contract, besides ``SearchIndex`` (infra.search.base):
- ``OpenSearchIndex("https://[user:password@]host:9200[/alias]")``: the alias defaults to
  ``arkki-records``; credentials may also be passed as ``user``/``password``; TLS certificates
  are verified unless ``verify_certs=False``.
- Reads and writes go through the alias, which points at one versioned index
  ``<alias>-v<N>``. Its settings and strict mappings come from an index template
  (``opensearch_schema``) that is put on first use; the first use also creates ``-v1``.
- ``index`` sends bulk requests of at most ``batch_docs`` documents and ``batch_bytes`` bytes
  and refreshes once at the end. Items the server refuses are collected over all batches and
  raised as one ``IndexingError`` listing their ids; the other documents are indexed.
- ``reindex(documents)`` loads a new ``<alias>-v<N+1>``, switches the alias to it in one
  ``_aliases`` request and deletes the old index, so a search never sees a half-built index.
  Progress (documents loaded, last id) is kept in the new index's ``_meta`` after each batch;
  calling ``reindex`` again with the documents in the same order continues into that index.
  Writes made through ``index``/``delete`` while a reindex runs reach the old index only.
- Connection errors, timeouts and 429/502/503/504 answers are retried ``max_retries`` times
  with exponential backoff (opensearch-py's own retries do not wait between attempts); any
  other failure is a ``SearchError`` of one line naming the host and the alias.
- Paging: ``offset + limit`` may not exceed 10,000; deeper pages follow ``next_after``
  (``search_after`` with ``id`` as the tiebreak), which has no depth limit.
- Schema changes: when the alias points at an index of another ``SCHEMA_VERSION``, the first
  use creates a new, empty ``<alias>-v<N+1>`` from the current template, switches the alias to
  it, deletes the old one and marks the new one ``needs_full_index`` (kept in its ``_meta``),
  so ``flows.steps.index_records`` indexes every record again. Searches find fewer records
  until then, never more.
"""

from __future__ import annotations

import json
import logging
import re
import struct
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from opensearchpy import OpenSearch
from opensearchpy import exceptions as oe
from pydantic import BaseModel

from infra.analysis import analyze_query, snippet
from infra.search.base import (
    FACET_FIELDS,
    IndexDocument,
    IndexingError,
    SearchError,
    SearchHit,
    SearchQuery,
    SearchResult,
    decode_cursor,
    encode_cursor,
)
from infra.search.opensearch_schema import (
    SCHEMA_VERSION,
    facet_key,
    index_template,
    query_body,
    to_source,
)

DEFAULT_ALIAS = "arkki-records"
RETRY_STATUSES = frozenset({429, 502, 503, 504})
MAX_RESULT_WINDOW = 10_000  # OpenSearch's default index.max_result_window
MAX_BACKOFF_S = 30.0
_ALIAS_RE = re.compile(r"[a-z0-9][a-z0-9_.+-]*")

T = TypeVar("T")
Batch = list[tuple[str, bytes]]  # (document id, its two bulk lines)


class ReindexReport(BaseModel):
    index: str  # the index the alias now points at
    loaded: int  # documents loaded by this call
    resumed_from: int  # documents an interrupted earlier call had already loaded
    removed: list[str]  # indexes deleted after the switch


class OpenSearchIndex:
    def __init__(
        self,
        url: str,
        *,
        alias: str | None = None,
        user: str | None = None,
        password: str | None = None,
        verify_certs: bool = True,
        ca_certs: str | None = None,
        batch_docs: int = 500,
        batch_bytes: int = 5_000_000,
        max_retries: int = 4,
        backoff_s: float = 0.5,
        timeout_s: float = 30.0,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"expected http(s)://host:port, got {_redact(url)}")
        try:
            port = parts.port or 9200
        except ValueError:
            raise ValueError(f"bad port in {_redact(url)}") from None
        path = [p for p in parts.path.split("/") if p]
        self.alias = alias or (path[-1] if path else DEFAULT_ALIAS)
        if not _ALIAS_RE.fullmatch(self.alias):
            raise ValueError(f"{self.alias!r} is not a valid index alias (lowercase, no spaces)")
        prefix = "/".join(path[:-1])
        self.host = f"{parts.scheme}://{parts.hostname}:{port}" + (f"/{prefix}" if prefix else "")
        user = user or (unquote(parts.username) if parts.username else None)
        password = password or (unquote(parts.password) if parts.password else None)
        self.batch_docs = batch_docs
        self.batch_bytes = batch_bytes
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self._client = OpenSearch(
            hosts=[{"host": parts.hostname, "port": port, "url_prefix": prefix}],
            http_auth=(user, password or "") if user else None,
            use_ssl=parts.scheme == "https",
            verify_certs=verify_certs,
            ca_certs=ca_certs,
            timeout=timeout_s,
            max_retries=0,  # retried here, with backoff
        )
        self._ready = False
        # opensearch-py logs every failed attempt at WARNING with a traceback; failures reach
        # the caller here as one-line SearchErrors, so its own lines are only noise on stderr.
        transport_log = logging.getLogger("opensearch")
        if transport_log.level == logging.NOTSET:
            transport_log.setLevel(logging.ERROR)

    # -- SearchIndex --------------------------------------------------------------------------

    def index(self, documents: list[IndexDocument]) -> None:
        if not documents:
            return
        self._ensure_ready()
        failed: dict[str, str] = {}
        for batch in self._batches(self.alias, documents):
            failed.update(self._send(batch))
        self._call("refresh", self._client.indices.refresh, index=self.alias)
        if failed:
            raise self._indexing_error(failed, len(documents), self.alias)

    def delete(self, document_id: str) -> None:
        self._ensure_ready()
        delete = self._client.delete
        self._call(
            "delete", delete, index=self.alias, id=document_id, refresh=True, missing_ok=True
        )

    def count(self) -> int:
        self._ensure_ready()
        return int(self._call("count", self._client.count, index=self.alias)["count"])

    def search(self, query: SearchQuery) -> SearchResult:
        kind = f"opensearch-{query.sort}"
        after = None
        if query.after:
            after = decode_cursor(query.after, kind).get("a")
            if not isinstance(after, list) or len(after) != 2:
                raise ValueError("after: not a cursor this search returned")
        elif query.offset + query.limit > MAX_RESULT_WINDOW:
            raise ValueError(
                f"offset + limit may not exceed {MAX_RESULT_WINDOW:,}; page deeper with after"
            )
        terms = analyze_query(query.text)
        body = query_body(query, terms, after)
        self._ensure_ready()
        size = query.limit + 1  # one more tells whether there is a next page
        while True:
            body["size"] = size
            response = self._call("search", self._client.search, index=self.alias, body=body)
            received = response["hits"]["hits"]
            found = [h for h in received if after is None or not _at_or_before(h["sort"], after)]
            if len(found) > query.limit or len(received) < size:
                break
            size *= 2
        total = response["hits"]["total"]
        hits = []
        for hit in found[: query.limit]:
            source = hit["_source"]
            hits.append(
                SearchHit(
                    id=source["id"],
                    title=source.get("title", ""),
                    doc_type=source.get("doc_type", ""),
                    diary_numbers=source.get("diary_numbers", []),
                    score=float(hit.get("_score") or 0.0),
                    snippet=snippet(source.get("text", ""), terms),
                    agency=source.get("agency", ""),
                    date=source.get("date"),
                    publicity=source.get("publicity", ""),
                    records_class=source.get("records_class", ""),
                    status=source.get("status", ""),
                )
            )
        next_after = None
        if len(found) > query.limit:
            next_after = encode_cursor(kind, {"a": found[query.limit - 1]["sort"]})
        aggs = response.get("aggregations", {})
        facets = {
            f: {facet_key(b["key"]): int(b["doc_count"]) for b in aggs[f]["buckets"]}
            for f in FACET_FIELDS
        }
        count = total["value"] if isinstance(total, dict) else total
        return SearchResult(total=int(count), hits=hits, facets=facets, next_after=next_after)

    def needs_full_index(self) -> bool:
        self._ensure_ready()
        found = self._call("read mapping", self._client.indices.get_mapping, index=self.alias)
        return any(
            info.get("mappings", {}).get("_meta", {}).get("needs_full_index")
            for info in (found or {}).values()
        )

    def full_index_done(self) -> None:
        self._ensure_ready()
        body = {"_meta": {"arkki_schema": SCHEMA_VERSION}}
        put = self._client.indices.put_mapping
        self._call("clear full-index mark", put, index=self.alias, body=body)

    # -- reindex ------------------------------------------------------------------------------

    def reindex(self, documents: Iterable[IndexDocument], restart: bool = False) -> ReindexReport:
        """Rebuild the index from ``documents`` and switch the alias to it. After a crash, call
        again with the documents in the same order to continue; ``restart`` starts over."""
        self._ensure_ready()
        indexes = self._versioned()
        live = [n for n, info in indexes.items() if self.alias in info.get("aliases", {})]
        loading = [n for n in indexes if n not in live and _progress(indexes[n]) is not None]
        target = loading[-1] if loading and not restart else None
        for name in indexes:  # unfinished loads and leftovers of an interrupted switch
            if name not in live and name != target:
                self._call("delete stale index", self._client.indices.delete, index=name)
        if target is None:
            target = f"{self.alias}-v{max(map(_version, indexes), default=0) + 1}"
            settings = {"settings": {"index": {"refresh_interval": "-1"}}}
            self._call("create index", self._client.indices.create, index=target, body=settings)
            self._set_progress(target, {"state": "loading", "loaded": 0, "last_id": None})
            progress: dict[str, Any] = {"loaded": 0, "last_id": None}
        else:
            progress = _progress(indexes[target]) or {}
        resumed_from = int(progress.get("loaded", 0))
        docs = iter(documents)
        if resumed_from:
            self._skip_loaded(docs, resumed_from, progress.get("last_id"), target)
        loaded = resumed_from
        for batch in self._batches(target, docs):
            if failed := self._send(batch):
                raise self._indexing_error(failed, len(batch), target)
            loaded += len(batch)
            self._set_progress(
                target, {"state": "loading", "loaded": loaded, "last_id": batch[-1][0]}
            )

        indices = self._client.indices
        restore = {"index": {"refresh_interval": None}}
        self._call("restore refresh interval", indices.put_settings, index=target, body=restore)
        self._call("refresh", indices.refresh, index=target)
        actions: list[dict[str, Any]] = [
            {"remove": {"index": name, "alias": self.alias}} for name in live
        ]
        actions.append({"add": {"index": target, "alias": self.alias}})
        self._call("switch alias", indices.update_aliases, body={"actions": actions})
        self._set_progress(target, None)
        for name in live:
            self._call("delete old index", indices.delete, index=name, missing_ok=True)
        return ReindexReport(
            index=target, loaded=loaded - resumed_from, resumed_from=resumed_from, removed=live
        )

    def _skip_loaded(
        self, docs: Iterator[IndexDocument], n: int, last_id: str | None, target: str
    ) -> None:
        last = None
        for i in range(n):
            doc = next(docs, None)
            if doc is None:
                raise self._error(
                    f"resume reindex into {target}",
                    f"{n} documents were loaded before but only {i} came this time; "
                    "pass restart=True to start over",
                )
            last = doc.id
        if last != last_id:
            raise self._error(
                f"resume reindex into {target}",
                f"document {n} is {last!r} this time but was {last_id!r}: the documents must "
                "come in the same order; pass restart=True to start over",
            )

    def _set_progress(self, index: str, progress: dict[str, Any] | None) -> None:
        meta: dict[str, Any] = {"arkki_schema": SCHEMA_VERSION}
        if progress is not None:
            meta["reindex"] = progress
        put = self._client.indices.put_mapping
        self._call("record reindex progress", put, index=index, body={"_meta": meta})

    def _versioned(self) -> dict[str, dict[str, Any]]:
        """This alias's versioned indexes, oldest first, with their aliases and mappings."""
        found = self._call("list indexes", self._client.indices.get, index=f"{self.alias}-v*")
        ours = {n: info for n, info in (found or {}).items() if _version(n, self.alias) >= 0}
        return dict(sorted(ours.items(), key=lambda item: _version(item[0])))

    # -- plumbing -----------------------------------------------------------------------------

    def _ensure_ready(self) -> None:
        """Put the template; create ``<alias>-v1`` behind the alias when there is no alias."""
        if self._ready:
            return
        template = index_template(self.alias)
        put = self._client.indices.put_index_template
        self._call("put index template", put, name=self.alias, body=template)
        if not self._call("check alias", self._client.indices.exists_alias, name=self.alias):
            version = max(map(_version, self._versioned()), default=0) + 1
            body: dict[str, Any] = {"aliases": {self.alias: {}}}
            name = f"{self.alias}-v{version}"
            try:
                self._call("create index", self._client.indices.create, index=name, body=body)
            except SearchError:  # another process may have created it at the same moment
                if not self._call(
                    "check alias", self._client.indices.exists_alias, name=self.alias
                ):
                    raise
        else:
            self._upgrade_schema()
        self._ready = True

    def _upgrade_schema(self) -> None:
        """Replace a live index of another schema version by an empty one of this version."""
        indexes = self._versioned()
        live = [n for n, info in indexes.items() if self.alias in info.get("aliases", {})]
        meta = [indexes[n].get("mappings", {}).get("_meta", {}) for n in live]
        if not live or all(m.get("arkki_schema") == SCHEMA_VERSION for m in meta):
            return
        indices = self._client.indices
        target = f"{self.alias}-v{max(map(_version, indexes), default=0) + 1}"
        try:
            self._call("create index", indices.create, index=target)
        except SearchError:  # another process is upgrading at the same moment
            return
        mark = {"_meta": {"arkki_schema": SCHEMA_VERSION, "needs_full_index": True}}
        self._call("mark full index", indices.put_mapping, index=target, body=mark)
        actions: list[dict[str, Any]] = [
            {"remove": {"index": name, "alias": self.alias}} for name in live
        ]
        actions.append({"add": {"index": target, "alias": self.alias}})
        self._call("switch alias", indices.update_aliases, body={"actions": actions})
        for name in live:
            self._call("delete old index", indices.delete, index=name, missing_ok=True)

    def _batches(self, index: str, documents: Iterable[IndexDocument]) -> Iterator[Batch]:
        batch: Batch = []
        size = 0
        for doc in documents:
            action = json.dumps({"index": {"_index": index, "_id": doc.id}})
            source = json.dumps(to_source(doc), ensure_ascii=False)
            lines = f"{action}\n{source}\n".encode()
            if batch and (len(batch) >= self.batch_docs or size + len(lines) > self.batch_bytes):
                yield batch
                batch, size = [], 0
            batch.append((doc.id, lines))
            size += len(lines)
        if batch:
            yield batch

    def _send(self, batch: Batch) -> dict[str, str]:
        """One bulk request; items answered 429 are resent with backoff. Returns id → reason
        for the items the server refused."""
        failed: dict[str, str] = {}
        pending = batch
        for attempt in range(self.max_retries + 1):
            body = b"".join(lines for _, lines in pending)
            response = self._call("bulk index", self._client.bulk, body=body)
            if not response.get("errors"):
                return failed
            again: Batch = []
            for (doc_id, lines), item in zip(pending, response["items"], strict=True):
                result = next(iter(item.values()))
                if "error" not in result:
                    continue
                if result.get("status") in RETRY_STATUSES and attempt < self.max_retries:
                    again.append((doc_id, lines))
                else:
                    failed[doc_id] = _reason(result["error"])
            if not again:
                break
            pending = again
            time.sleep(self._backoff(attempt))
        return failed

    def _call(
        self, what: str, fn: Callable[..., T], *args: Any, missing_ok: bool = False, **kwargs: Any
    ) -> T:
        last: oe.TransportError | None = None
        for attempt in range(self.max_retries + 1):
            try:
                return fn(*args, **kwargs)
            except oe.SSLError as error:
                raise self._error(what, f"TLS: {_first_line(error.info)}") from error
            except oe.ConnectionError as error:
                last = error
            except oe.NotFoundError as error:
                if missing_ok:
                    return None  # type: ignore[return-value]
                raise self._error(what, _describe(error)) from error
            except oe.TransportError as error:
                if error.status_code not in RETRY_STATUSES:
                    raise self._error(what, _describe(error)) from error
                last = error
            if attempt < self.max_retries:
                time.sleep(self._backoff(attempt))
        assert last is not None
        raise self._error(what, _describe(last)) from last

    def _backoff(self, attempt: int) -> float:
        return float(min(self.backoff_s * 2**attempt, MAX_BACKOFF_S))

    def _error(self, what: str, detail: str) -> SearchError:
        return SearchError(f"OpenSearch {self.host} index {self.alias}: {what} failed: {detail}")

    def _indexing_error(self, failed: dict[str, str], total: int, index: str) -> IndexingError:
        ids = list(failed)
        shown = ", ".join(ids[:20]) + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")
        return IndexingError(
            f"OpenSearch {self.host} index {index}: {len(ids)} of {total} documents refused: "
            f"{shown} (first reason: {failed[ids[0]]})",
            failed,
        )


def _at_or_before(sort: list[Any], after: list[Any]) -> bool:
    """Whether a hit's sort values put it at or before the cursor. Servers compare a float
    score cursor differently (a float32 score printed in JSON and read back as a double can
    land on either side of itself), so hits already shown are dropped here too."""
    first, cursor = sort[0], after[0]
    if isinstance(first, float) or isinstance(cursor, float):
        same = _f32(first) == _f32(cursor)
        before = _f32(first) > _f32(cursor)  # scores sort descending
    else:
        same, before = first == cursor, first > cursor  # sort keys sort descending too
    return before or (same and str(sort[1]) <= str(after[1]))


def _f32(value: Any) -> float:
    return float(struct.unpack("f", struct.pack("f", float(value)))[0])


def _version(name: str, alias: str | None = None) -> int:
    """``arkki-records-v12`` → 12; -1 for a name that is not ``<alias>-v<digits>``."""
    base, sep, number = name.rpartition("-v")
    if not sep or not number.isdigit() or (alias is not None and base != alias):
        return -1
    return int(number)


def _progress(info: dict[str, Any]) -> dict[str, Any] | None:
    meta = info.get("mappings", {}).get("_meta", {})
    progress = meta.get("reindex")
    return progress if isinstance(progress, dict) and progress.get("state") == "loading" else None


def _reason(error: object) -> str:
    if isinstance(error, dict):
        return _first_line(f"{error.get('type', 'error')}: {error.get('reason', '')}")
    return _first_line(error)


def _describe(error: oe.TransportError) -> str:
    if isinstance(error, oe.ConnectionError):
        if isinstance(error, oe.ConnectionTimeout):
            return "timed out"
        return f"cannot connect ({_first_line(error.info)})"
    info = error.info
    detail: object = error.error
    if isinstance(info, dict) and isinstance(info.get("error"), dict):
        cause = info["error"].get("caused_by", info["error"])
        while isinstance(cause.get("caused_by"), dict):
            cause = cause["caused_by"]
        detail = f"{cause.get('type')}: {cause.get('reason')}"
    elif isinstance(info, dict) and "error" in info:
        detail = info["error"]
    return _first_line(f"{error.status_code} {detail}")


def _first_line(value: object, limit: int = 300) -> str:
    text = str(value).strip().splitlines()[0] if str(value).strip() else type(value).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    return parts._replace(netloc=f"{parts.username}:***@{netloc}").geturl()
