"""What arkki stores in OpenSearch and how it asks for it: the index template, the document
source and the search body.

Contract
- Mappings are explicit and ``dynamic: strict``: a field not listed here is refused.
- The linguistic token fields (``infra.analysis``) are indexed with the built-in ``whitespace``
  analyzer and left out of ``_source``; no OpenSearch stemmer is involved, so matching is the
  same on any OpenSearch-compatible server and the same as the embedded index.
- ``query_body`` mirrors ``EmbeddedIndex``: each query word is a must-clause of its token
  terms boosted by ``TOKEN_FIELDS``, a queried diary number adds a constant ``DIARY_SCORE``,
  filters do not score, facets are terms aggregations over the whole matching set.
- Access control is a non-scoring ``bool`` filter in the same query (``access_filter``), so
  totals, aggregations and hits only count what the viewer may see.
- Quoted phrases are ``match_phrase`` clauses on ``exact`` (indexed with positions).
- Paging: ``search_after`` on ``[_score, id]`` (relevance) or ``[sort_key, id]`` (date).
"""

from __future__ import annotations

from typing import Any

from infra.analysis import QueryTerm, analyze_document, normalize_diary_number, tokenize
from infra.search.base import (
    FACET_FIELDS,
    FILTER_FIELDS,
    Access,
    IndexDocument,
    SearchQuery,
    day_number,
)
from infra.search.fields import (
    DIARY_SCORE,
    FACET_SIZE,
    KEYWORD_FIELDS,
    PHRASE_FIELD,
    SCHEMA_VERSION,
    TOKEN_FIELDS,
)

HIT_SOURCE = [
    "id",
    "title",
    "text",
    "doc_type",
    "diary_numbers",
    "agency",
    "date",
    "publicity",
    "records_class",
    "status",
    "sort_key",
]

_STORED_ONLY = {"type": "text", "index": False}


def mappings() -> dict[str, Any]:
    properties: dict[str, Any] = {
        "id": {"type": "keyword"},
        "title": _STORED_ONLY,  # its analysis goes to the token fields
        "text": _STORED_ONLY,
        "diary_number": {"type": "keyword"},  # lowercased in Python, for matching
        "diary_numbers": {"type": "keyword", "index": False, "doc_values": False},  # as given
        "year": {"type": "integer"},
        "dates": {"type": "date", "format": "strict_date"},
        "date": {"type": "date", "format": "strict_date"},  # the date a record sorts by
        "public_from": {"type": "integer"},  # yyyymmdd from which it counts as public
        "sort_key": {"type": "long"},  # date ordinal << 40 | id hash, for date order
    }
    for name in TOKEN_FIELDS:
        options = "positions" if name == PHRASE_FIELD else "freqs"
        properties[name] = {"type": "text", "analyzer": "whitespace", "index_options": options}
    for name in KEYWORD_FIELDS:
        properties[name] = {"type": "keyword"}
    return {
        "dynamic": "strict",
        "_source": {"excludes": list(TOKEN_FIELDS)},
        "_meta": {"arkki_schema": SCHEMA_VERSION},
        "properties": properties,
    }


def index_template(alias: str) -> dict[str, Any]:
    """Applies to every versioned index behind ``alias`` (``<alias>-v<N>``)."""
    return {
        "index_patterns": [f"{alias}-v*"],
        "priority": 200,
        "template": {
            # One shard keeps BM25 statistics whole, so ranking matches the embedded index;
            # an archive's records fit one shard comfortably (tens of GB).
            "settings": {"index": {"number_of_shards": 1}},
            "mappings": mappings(),
        },
        "version": SCHEMA_VERSION,
    }


def to_source(doc: IndexDocument) -> dict[str, Any]:
    analyzed = analyze_document(f"{doc.title}\n{doc.text}")
    source: dict[str, Any] = {
        "id": doc.id,
        "title": doc.title,
        "text": doc.text,
        "diary_number": [normalize_diary_number(n) for n in doc.diary_numbers],
        "diary_numbers": doc.diary_numbers,
        "dates": [d.isoformat() for d in doc.dates],
    }
    for name in TOKEN_FIELDS:
        source[name] = getattr(analyzed, name)
    for name in KEYWORD_FIELDS:
        if value := getattr(doc, name):  # empty values stay out of the facets, as embedded
            source[name] = value
    if doc.year is not None:
        source["year"] = doc.year
    source["public_from"] = doc.public_from
    source["sort_key"] = doc.sort_key
    if doc.sort_date is not None:
        source["date"] = doc.sort_date.isoformat()
    return source


def query_body(
    query: SearchQuery, terms: list[QueryTerm], after: list[Any] | None = None
) -> dict[str, Any]:
    must: list[dict[str, Any]] = [_term_query(t) for t in terms] or [{"match_all": {}}]
    for phrase in query.phrases():
        words = [t.text.lower() for t in tokenize(phrase)]
        if len(words) > 1:
            must.append({"match_phrase": {PHRASE_FIELD: " ".join(words)}})
    filters = [_filter(k, v) for k, v in query.filters.items()]
    if query.access is not None and (acl := access_filter(query.access)) is not None:
        filters.append(acl)
    if query.sort == "date":
        sort: list[dict[str, Any]] = [{"sort_key": "desc"}, {"id": "asc"}]
    else:
        sort = [{"_score": "desc"}, {"id": "asc"}]  # ties in a stable order across pages
    body: dict[str, Any] = {
        "query": {"bool": {"must": must, "filter": filters}},
        "size": query.limit,
        "sort": sort,
        "track_scores": True,
        "track_total_hits": True,
        "_source": HIT_SOURCE,
        "aggs": {f: {"terms": {"field": f, "size": FACET_SIZE}} for f in FACET_FIELDS},
    }
    if after is not None:
        body["search_after"] = after
    else:
        body["from"] = query.offset
    return body


def access_filter(access: Access) -> dict[str, Any] | None:
    """Public now, or (where the role allows) of one of the viewer's agencies."""
    if access.sees_all():
        return None
    should: list[dict[str, Any]] = [{"range": {"public_from": {"lte": day_number(access.day())}}}]
    if access.may_see_secret_of_own_agency and access.agencies:
        should.append({"terms": {"agency": list(access.agencies)}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _term_query(term: QueryTerm) -> dict[str, Any]:
    should: list[dict[str, Any]] = [
        {"term": {name: {"value": value, "boost": boost}}}
        for name, boost in TOKEN_FIELDS.items()
        for value in getattr(term, name)
    ]
    if term.diary_number:
        dq = {"term": {"diary_number": term.diary_number}}
        should.append({"constant_score": {"filter": dq, "boost": DIARY_SCORE}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _filter(name: str, value: str) -> dict[str, Any]:
    if name not in FILTER_FIELDS:
        raise ValueError(f"unknown filter field {name!r}; expected one of {FILTER_FIELDS}")
    if name == "year":
        try:
            return {"term": {"year": int(value)}}
        except ValueError:
            raise ValueError(f"filter year={value!r} is not an integer") from None
    if name == "diary_number":
        value = normalize_diary_number(value)
    return {"term": {name: value}}


def facet_key(value: object) -> str:
    """Bucket keys as strings; numeric keys (year) may come back as floats."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
