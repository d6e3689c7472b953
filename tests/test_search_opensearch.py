"""The OpenSearch backend against a real osmem-server over HTTP: the shared behavioural suite
plus strict mappings, batched bulk loads, bulk error reporting and alias-switching reindex.

osmem-server (test extras) is started once per session on 127.0.0.1 on a free port; each test
uses its own alias, so tests do not see each other's indexes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from opensearchpy import OpenSearch
from opensearchpy.exceptions import RequestError
from search_contract import CORPUS, AccessContract, IndexFactory, SearchIndexContract

from infra.search.base import IndexDocument, IndexingError, SearchError, SearchQuery
from infra.search.opensearch import OpenSearchIndex

pytestmark = pytest.mark.server
pytest_plugins = ["tests.servers"]  # osmem_url


def _alias() -> str:
    return f"t{uuid.uuid4().hex[:12]}-records"


@pytest.fixture
def make_os(osmem_url: str) -> Any:
    def make(**kw: Any) -> OpenSearchIndex:
        kw.setdefault("backoff_s", 0.01)
        return OpenSearchIndex(osmem_url, alias=_alias(), **kw)

    return make


@pytest.fixture
def raw(osmem_url: str) -> OpenSearch:
    return OpenSearch(hosts=[osmem_url])


class TestOpenSearchContract(SearchIndexContract, AccessContract):
    @pytest.fixture
    def make_index(self, make_os: Any) -> IndexFactory:
        return lambda: make_os()


def _docs(n: int, word: str = "asiakirja", prefix: str = "d") -> list[IndexDocument]:
    return [
        IndexDocument(id=f"{prefix}-{i:04d}", text=f"{word} numero {i}", agency="KEHA")
        for i in range(n)
    ]


def _live_indexes(raw: OpenSearch, alias: str) -> list[str]:
    return sorted(raw.indices.get_alias(name=alias))


def test_url_names_alias_and_hides_password() -> None:
    index = OpenSearchIndex("https://arkki:s%40lasana@search.example:9443/records-fi")
    assert index.alias == "records-fi"
    assert index.host == "https://search.example:9443"
    with pytest.raises(ValueError, match="valid index alias"):
        OpenSearchIndex("http://localhost:9200/Bad Alias")
    with pytest.raises(ValueError) as error:
        OpenSearchIndex("ftp://u:secret@host/x")
    assert "secret" not in str(error.value)


def test_mapping_is_strict(make_os: Any, raw: OpenSearch) -> None:
    index = make_os()
    index.index(CORPUS[:1])
    with pytest.raises(RequestError, match="strict_dynamic_mapping_exception"):
        raw.index(index=index.alias, id="x", body={"id": "x", "colour": "red"})
    (name,) = _live_indexes(raw, index.alias)
    mappings = raw.indices.get_mapping(index=name)[name]["mappings"]
    assert mappings["dynamic"] == "strict"
    assert mappings["properties"]["fi_base"]["analyzer"] == "whitespace"


def test_bulk_in_several_batches(make_os: Any) -> None:
    by_count = make_os(batch_docs=7)
    by_count.index(_docs(50))
    assert by_count.count() == 50
    assert by_count.search(SearchQuery(text="asiakirjoja")).total == 50
    by_bytes = make_os(batch_bytes=2_000)  # a couple of documents per request
    by_bytes.index(_docs(30))
    assert by_bytes.count() == 30


def test_bulk_errors_name_the_refused_ids(make_os: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import infra.search.opensearch as module

    real = module.to_source

    def with_unknown_field(doc: IndexDocument) -> dict[str, Any]:
        source = real(doc)
        if doc.id.startswith("bad"):
            source["colour"] = "red"  # the strict mapping makes the server refuse these
        return source

    monkeypatch.setattr(module, "to_source", with_unknown_field)
    index = make_os(batch_docs=3)
    docs = [*_docs(8), IndexDocument(id="bad-1", text="x"), IndexDocument(id="bad-2", text="y")]
    with pytest.raises(IndexingError) as error:
        index.index(docs)
    assert set(error.value.failed) == {"bad-1", "bad-2"}
    message = str(error.value)
    assert "\n" not in message
    assert "2 of 10 documents refused: bad-1, bad-2" in message
    assert "strict_dynamic_mapping_exception" in message
    assert index.count() == 8  # the others were indexed and are visible


def test_reindex_switches_alias_atomically(make_os: Any, raw: OpenSearch) -> None:
    index = make_os(batch_docs=4)
    index.index(CORPUS)
    (old,) = _live_indexes(raw, index.alias)
    report = index.reindex(_docs(10, word="rakennuslupa"))
    assert report.loaded == 10 and report.resumed_from == 0 and report.removed == [old]
    assert _live_indexes(raw, index.alias) == [report.index] != [old]
    assert not raw.indices.exists(index=old)
    assert index.count() == 10
    assert index.search(SearchQuery(text="rakennusluvan")).total == 10
    assert index.search(SearchQuery(text="palkkatuki")).total == 0
    index.index(CORPUS[:1])  # writes go to the new index
    assert index.count() == 11


def test_crashed_reindex_resumes_into_the_same_index(make_os: Any, raw: OpenSearch) -> None:
    index = make_os(batch_docs=5)
    index.index(CORPUS)
    (old,) = _live_indexes(raw, index.alias)
    new_docs = _docs(23, word="rakennuslupa")

    def crashing() -> Iterator[IndexDocument]:
        for n, doc in enumerate(new_docs):
            if n == 17:
                raise RuntimeError("catalogue connection lost")
            yield doc

    with pytest.raises(RuntimeError, match="catalogue"):
        index.reindex(crashing())
    # the half-built index is not searched
    assert _live_indexes(raw, index.alias) == [old]
    assert index.count() == len(CORPUS)
    assert index.search(SearchQuery(text="rakennuslupa")).total == 0

    with pytest.raises(SearchError, match="same order"):
        index.reindex(reversed(new_docs))
    report = index.reindex(new_docs)
    assert report.resumed_from == 15  # three full batches of five were loaded before the crash
    assert report.loaded == 8
    assert index.count() == 23
    result = index.search(SearchQuery(text="rakennusluvat", limit=100))
    assert sorted(h.id for h in result.hits) == [d.id for d in new_docs]  # no duplicates
    assert not raw.indices.exists(index=old)


def test_reindex_restart_starts_a_fresh_index(make_os: Any, raw: OpenSearch) -> None:
    index = make_os(batch_docs=2)
    index.index(CORPUS[:2])

    def crashing() -> Iterator[IndexDocument]:
        yield from _docs(5)
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        index.reindex(crashing())
    report = index.reindex(_docs(3, prefix="e"), restart=True)
    assert report.resumed_from == 0
    assert index.count() == 3
    versions = raw.indices.get(index=f"{index.alias}-v*")
    assert list(versions) == [report.index]  # the abandoned load was deleted


def test_unreachable_server_is_one_line_naming_host_and_index() -> None:
    index = OpenSearchIndex("http://127.0.0.1:9/", alias="arkki-x", max_retries=1, backoff_s=0.01)
    with pytest.raises(SearchError) as error:
        index.search(SearchQuery(text="palkkatuki"))
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("OpenSearch http://127.0.0.1:9 index arkki-x: ")
    assert "cannot connect" in message


def test_deep_paging_is_refused_clearly(make_os: Any) -> None:
    with pytest.raises(ValueError, match="page deeper with after"):
        make_os().search(SearchQuery(text="", offset=9_995, limit=10))


@pytest.mark.slow  # importing flows.config loads the classifier stack (~5 s)
def test_open_search_selects_opensearch_for_urls(
    osmem_url: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.config import ConfigError, Settings, open_search

    monkeypatch.setenv("ARKKI_HOME", str(tmp_path))
    monkeypatch.setenv("ARKKI_SEARCH", f"{osmem_url}/{_alias()}")
    index = open_search(Settings.from_env())
    assert isinstance(index, OpenSearchIndex)
    index.index(CORPUS)
    assert index.count() == len(CORPUS)
    monkeypatch.setenv("ARKKI_SEARCH", "solr://x")
    with pytest.raises(ConfigError, match="ARKKI_SEARCH"):
        open_search(Settings.from_env())


def test_an_index_of_another_schema_is_replaced_and_asks_for_a_full_index(
    make_os: Any, raw: OpenSearch
) -> None:
    index = make_os()
    index.index(CORPUS)
    (old,) = _live_indexes(raw, index.alias)
    assert not index.needs_full_index()
    raw.indices.put_mapping(index=old, body={"_meta": {"arkki_schema": 1}})  # an older arkki's
    upgraded = OpenSearchIndex(index.host, alias=index.alias, backoff_s=0.01)
    assert upgraded.needs_full_index()
    assert upgraded.count() == 0
    assert _live_indexes(raw, index.alias) != [old] and not raw.indices.exists(index=old)
    upgraded.index(CORPUS)
    upgraded.full_index_done()
    assert not upgraded.needs_full_index()
    assert upgraded.search(SearchQuery(text="palkkatuki")).total == 3
