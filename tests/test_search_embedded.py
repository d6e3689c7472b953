"""The tantivy backend: the shared behavioural suite plus embedded-only behaviour."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from search_contract import CORPUS, AccessContract, IndexFactory, SearchIndexContract

from infra.search.base import IndexDocument, SearchQuery
from infra.search.embedded import EmbeddedIndex


class TestEmbeddedContract(SearchIndexContract, AccessContract):
    @pytest.fixture
    def make_index(self, tmp_path: Path) -> IndexFactory:
        counter = iter(range(1000))
        return lambda: EmbeddedIndex(tmp_path / f"index-{next(counter)}")


def test_reopen_keeps_documents(tmp_path: Path) -> None:
    EmbeddedIndex(tmp_path / "ix").index(CORPUS)
    reopened = EmbeddedIndex(tmp_path / "ix")
    assert reopened.count() == len(CORPUS)
    assert reopened.search(SearchQuery(text="palkkatuen")).total == 3


def test_concurrent_writers_take_turns(tmp_path: Path) -> None:
    writers = [EmbeddedIndex(tmp_path / "ix") for _ in range(3)]  # as separate processes would
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            docs = [IndexDocument(id=f"{n}-{i}", text=f"asiakirja numero {i}") for i in range(20)]
            for doc in docs:
                writers[n].index([doc])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    fresh = EmbeddedIndex(tmp_path / "ix")
    assert fresh.count() == 60
    assert fresh.search(SearchQuery(text="asiakirjat")).total == 60


def test_diary_number_filter_ignores_case(tmp_path: Path) -> None:
    index = EmbeddedIndex(tmp_path / "ix")
    index.index(CORPUS)
    result = index.search(SearchQuery(text="", filters={"diary_number": "uudely/1290/2017"}))
    assert [h.id for h in result.hits] == ["dn-meta"]


def test_bad_year_filter_is_a_value_error(tmp_path: Path) -> None:
    index = EmbeddedIndex(tmp_path / "ix")
    with pytest.raises(ValueError, match="year"):
        index.search(SearchQuery(text="", filters={"year": "2017-2018"}))


def test_old_records_keep_their_dates(tmp_path: Path) -> None:
    index = EmbeddedIndex(tmp_path / "ix")
    index.index([IndexDocument(id="kirkonkirja", text="Syntyneet", dates=[date(1650, 3, 1)])])
    result = index.search(SearchQuery(text="syntyneet", filters={"year": "1650"}))
    assert [h.id for h in result.hits] == ["kirkonkirja"]
    assert result.facets["year"] == {"1650": 1}


def test_failed_batch_rolls_back_and_releases_the_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = EmbeddedIndex(tmp_path / "ix")
    index.index(CORPUS[:2])
    real = EmbeddedIndex._to_tantivy

    def failing(self: EmbeddedIndex, doc: IndexDocument) -> object:
        if doc.id == "bad":
            raise RuntimeError("analysis failed")
        return real(self, doc)

    monkeypatch.setattr(EmbeddedIndex, "_to_tantivy", failing)
    with pytest.raises(RuntimeError):
        index.index([IndexDocument(id="new", text="uusi"), IndexDocument(id="bad")])
    assert index.count() == 2
    index.index([IndexDocument(id="new", text="uusi")])
    assert index.count() == 3


def test_an_index_of_another_schema_is_emptied_and_asks_for_a_full_index(
    tmp_path: Path,
) -> None:
    index = EmbeddedIndex(tmp_path / "ix")
    index.index(CORPUS)
    assert not index.needs_full_index()
    (tmp_path / "ix" / ".arkki-schema").write_text("1\n")  # as an older arkki left it
    reopened = EmbeddedIndex(tmp_path / "ix")
    assert reopened.count() == 0
    assert reopened.needs_full_index()
    assert EmbeddedIndex(tmp_path / "ix").needs_full_index()  # kept until done
    reopened.index(CORPUS)
    reopened.full_index_done()
    assert not EmbeddedIndex(tmp_path / "ix").needs_full_index()
    assert EmbeddedIndex(tmp_path / "ix").count() == len(CORPUS)
