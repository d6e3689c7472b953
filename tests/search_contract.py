"""Backend-agnostic behaviour of a ``SearchIndex`` (infra.search.base).

Use it from a test module by subclassing and providing a ``make_index`` fixture that returns a
factory for fresh, empty indexes::

    class TestMyBackend(SearchIndexContract):
        @pytest.fixture
        def make_index(self, tmp_path): return lambda: MyBackend(...)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

import pytest

from infra.search.base import Access, IndexDocument, SearchIndex, SearchQuery, SearchResult

IndexFactory = Callable[[], SearchIndex]


def _doc(id: str, text: str, **kw: object) -> IndexDocument:
    return IndexDocument.model_validate({"id": id, "text": text, **kw})


CORPUS = [
    _doc(
        "pt-exact",
        "Palkkatuki myönnettiin yhdistykselle vuodeksi.",
        agency="KEHA",
        dates=[date(2017, 5, 2)],
        language="fin",
        doc_type="paatos",
    ),
    _doc(
        "pt-gen",
        "Työnantaja pyytää palkkatuen maksamista vuodeksi.",
        agency="UUDELY",
        dates=[date(2018, 1, 9)],
        language="fin",
        doc_type="hakemus",
    ),
    _doc(
        "pt-part",
        "Työnantaja haki palkkatukea & sai <päätöksen> tänään.",
        agency="UUDELY",
        dates=[date(2018, 3, 1)],
        language="fin",
        doc_type="paatos",
    ),
    _doc(
        "tuki",
        "Kunnan tuki yhdistykselle myönnettiin vuodeksi.",
        agency="KEHA",
        dates=[date(2019, 6, 30)],
        language="fin",
        doc_type="paatos",
    ),
    _doc(
        "sv-plural",
        "Ansökningar om lönebidrag behandlas av kommunen.",
        agency="NTM",
        dates=[date(2017, 2, 1)],
        language="swe",
        doc_type="hakemus",
    ),
    _doc(
        "sv-definite",
        "Ansökningen om bidrag har inkommit till nämnden.",
        agency="NTM",
        language="swe",
        doc_type="hakemus",
    ),
    _doc(
        "sv-beslut",
        "Beslutet fattades av nämnden i går.",
        agency="NTM",
        language="swe",
        doc_type="paatos",
    ),
    _doc(
        "dn-meta",
        "Päätös avustuksen maksamisesta.",
        diary_numbers=["UUDELY/1290/2017"],
        agency="UUDELY",
        dates=[date(2017, 9, 1)],
        language="fin",
        doc_type="paatos",
        batch_id="b1",
        status="valmis",
    ),
    _doc(
        "dn-text",
        "Viittaamme asiaan UUDELY/1290/2017 ja kirjeeseen. UUDELY/1290/2017 on auki.",
        agency="UUDELY",
        language="fin",
        doc_type="kirje",
        batch_id="b1",
    ),
    _doc(
        "dn-other",
        "Päätös toisesta asiasta.",
        diary_numbers=["UUDELY/77/2018"],
        agency="UUDELY",
        language="fin",
        doc_type="paatos",
        batch_id="b2",
    ),
    _doc(
        "ytunnus",
        "Yrityksen Y-tunnus on 0245437-2.",
        title="Kaupparekisteriote",
        agency="PRH",
        language="fin",
    ),
]


def _ids(result: SearchResult) -> list[str]:
    return [h.id for h in result.hits]


class SearchIndexContract:
    """Behaviour every search backend must show. Requires a ``make_index`` fixture."""

    @pytest.fixture
    def index(self, make_index: IndexFactory) -> SearchIndex:
        idx = make_index()
        idx.index(CORPUS)
        return idx

    def find(self, index: SearchIndex, text: str, **kw: object) -> SearchResult:
        return index.search(SearchQuery.model_validate({"text": text, "limit": 100, **kw}))

    def test_count_and_empty_index(self, make_index: IndexFactory, index: SearchIndex) -> None:
        assert index.count() == len(CORPUS)
        empty = make_index()
        assert empty.count() == 0
        assert self.find(empty, "palkkatuki").total == 0

    def test_base_form_finds_inflected_forms(self, index: SearchIndex) -> None:
        result = self.find(index, "palkkatuki")
        assert set(_ids(result)) == {"pt-exact", "pt-gen", "pt-part"}
        assert result.total == 3
        assert _ids(result)[0] == "pt-exact"  # exact form ranks above base-form matches

    def test_inflected_query_finds_other_forms(self, index: SearchIndex) -> None:
        assert set(_ids(self.find(index, "palkkatuen"))) == {"pt-exact", "pt-gen", "pt-part"}
        assert set(_ids(self.find(index, "PALKKATUKEA"))) == {"pt-exact", "pt-gen", "pt-part"}

    def test_compound_part_finds_compounds(self, index: SearchIndex) -> None:
        ids = _ids(self.find(index, "tuki"))
        assert {"tuki", "pt-exact", "pt-gen", "pt-part"} <= set(ids)
        assert ids[0] == "tuki"  # the word itself ranks above compounds containing it

    def test_swedish_inflection(self, index: SearchIndex) -> None:
        assert set(_ids(self.find(index, "ansökan"))) == {"sv-plural", "sv-definite"}
        assert set(_ids(self.find(index, "besluten"))) == {"sv-beslut"}

    def test_diary_number_ranks_its_records_first(self, index: SearchIndex) -> None:
        for text in ("UUDELY/1290/2017", "uudely/1290/2017"):
            result = self.find(index, text)
            assert _ids(result) == ["dn-meta", "dn-text"], text
            assert result.hits[0].diary_numbers == ["UUDELY/1290/2017"]

    def test_business_id_is_one_token(self, index: SearchIndex) -> None:
        assert _ids(self.find(index, "0245437-2")) == ["ytunnus"]

    def test_title_is_searchable(self, index: SearchIndex) -> None:
        assert _ids(self.find(index, "kaupparekisteriotteen")) == ["ytunnus"]

    def test_words_are_anded(self, index: SearchIndex) -> None:
        assert set(_ids(self.find(index, "palkkatuki työnantaja"))) == {"pt-gen", "pt-part"}
        assert self.find(index, "palkkatuki ansökan").total == 0
        assert self.find(index, "zxqvw").total == 0

    def test_filters(self, index: SearchIndex) -> None:
        result = self.find(index, "palkkatuki", filters={"agency": "UUDELY"})
        assert set(_ids(result)) == {"pt-gen", "pt-part"}
        assert set(_ids(self.find(index, "", filters={"language": "swe"}))) == {
            "sv-plural",
            "sv-definite",
            "sv-beslut",
        }
        assert set(_ids(self.find(index, "", filters={"year": "2018"}))) == {"pt-gen", "pt-part"}
        both = {"doc_type": "paatos", "batch_id": "b1"}
        assert _ids(self.find(index, "", filters=both)) == ["dn-meta"]
        assert _ids(self.find(index, "", filters={"status": "valmis"})) == ["dn-meta"]
        dn = {"diary_number": "UUDELY/77/2018"}
        assert _ids(self.find(index, "", filters=dn)) == ["dn-other"]
        assert self.find(index, "palkkatuki", filters={"language": "swe"}).total == 0

    def test_empty_query_matches_all(self, index: SearchIndex) -> None:
        assert self.find(index, "").total == len(CORPUS)

    def test_unknown_filter_field_is_an_error(self, index: SearchIndex) -> None:
        with pytest.raises(ValueError, match="colour"):
            self.find(index, "palkkatuki", filters={"colour": "red"})

    def test_facets_count_all_matches_not_the_page(self, index: SearchIndex) -> None:
        result = index.search(SearchQuery(text="", limit=1))
        assert len(result.hits) == 1
        assert result.facets["agency"] == dict(Counter(d.agency for d in CORPUS))
        assert result.facets["doc_type"] == dict(Counter(d.doc_type for d in CORPUS))
        assert result.facets["language"] == dict(Counter(d.language for d in CORPUS))
        years = Counter(str(d.year) for d in CORPUS if d.year is not None)
        assert result.facets["year"] == dict(years)
        narrowed = index.search(SearchQuery(text="palkkatuki", limit=1))
        assert narrowed.facets["agency"] == {"KEHA": 1, "UUDELY": 2}
        assert narrowed.facets["year"] == {"2017": 1, "2018": 2}

    def test_snippet_marks_inflected_form_and_escapes_html(self, index: SearchIndex) -> None:
        hit = next(h for h in self.find(index, "palkkatuki").hits if h.id == "pt-part")
        assert "<mark>palkkatukea</mark>" in hit.snippet
        assert "&amp;" in hit.snippet and "&lt;päätöksen&gt;" in hit.snippet
        assert "<päätöksen>" not in hit.snippet
        assert hit.snippet.count("<mark>") == 1

    def test_delete(self, index: SearchIndex) -> None:
        index.delete("pt-gen")
        index.delete("no-such-id")
        assert index.count() == len(CORPUS) - 1
        assert set(_ids(self.find(index, "palkkatuki"))) == {"pt-exact", "pt-part"}

    def test_reindex_replaces(self, index: SearchIndex) -> None:
        index.index([_doc("pt-gen", "Rakennuslupa myönnettiin.", agency="KEHA")])
        index.index([_doc("tuki", "Ensimmäinen versio."), _doc("tuki", "Toinen versio.")])
        assert index.count() == len(CORPUS)
        assert "pt-gen" not in _ids(self.find(index, "palkkatuki"))
        assert _ids(self.find(index, "rakennusluvan")) == ["pt-gen"]
        assert _ids(self.find(index, "versio")) == ["tuki"]
        assert self.find(index, "ensimmäinen").total == 0

    def test_limit_and_offset(self, index: SearchIndex) -> None:
        pages = [index.search(SearchQuery(text="", limit=4, offset=o)) for o in (0, 4, 8)]
        assert [len(p.hits) for p in pages] == [4, 4, len(CORPUS) - 8]
        assert all(p.total == len(CORPUS) for p in pages)
        ids = [i for p in pages for i in _ids(p)]
        assert sorted(ids) == sorted(d.id for d in CORPUS)


# access control, paging cursors and phrases ---------------------------------------------
TODAY = date(2025, 6, 1)
SECRET = "Salassa pidettävä"
PARTLY = "Osittain salassapidettävä"
ACL_CORPUS = [
    _doc("a-pub", "Avustus myönnetty.", agency="UUDELY", publicity="Julkinen",
         document_date=date(2024, 1, 5), diary_numbers=["UUDELY/5/2024"]),
    _doc("a-ended", "Avustus, salassapito päättynyt.", agency="UUDELY", publicity=SECRET,
         secret_until=date(2020, 1, 1), document_date=date(1995, 1, 1)),
    _doc("a-secret", "Avustus, salainen.", agency="UUDELY", publicity=SECRET,
         secret_until=date(2090, 1, 1), document_date=date(2015, 3, 3),
         diary_numbers=["UUDELY/5/2024"]),
    _doc("a-partly", "Avustus, osittain salainen.", agency="UUDELY", publicity=PARTLY,
         secret_until=date(2049, 1, 1), document_date=date(2024, 2, 2)),
    _doc("b-pub", "Avustus maksettu.", agency="VARELY", publicity="Julkinen",
         document_date=date(2023, 7, 7)),
    _doc("b-secret", "Avustus, salainen asia.", agency="VARELY", publicity=SECRET,
         secret_until=date(2070, 1, 1), document_date=date(2020, 1, 1),
         diary_numbers=["VARELY/9/2020"]),
    _doc("b-partly-ended", "Avustus, osittain salainen ennen.", agency="VARELY",
         publicity=PARTLY, secret_until=date(2019, 6, 1), document_date=date(1990, 1, 1)),
    _doc("b-unknown", "Avustus ilman julkisuusluokkaa.", agency="VARELY"),
]  # fmt: skip
PUBLIC_NOW = {"a-pub", "a-ended", "b-pub", "b-partly-ended"}
ACCESS = {
    "registry": Access(role="registry", agencies=("UUDELY",), today=TODAY),
    "case_handler_a": Access(
        role="case_handler", agencies=("UUDELY",), may_see_secret_of_own_agency=True, today=TODAY
    ),
    "case_handler_b": Access(
        role="case_handler", agencies=("VARELY",), may_see_secret_of_own_agency=True, today=TODAY
    ),
    "archivist": Access(
        role="archivist", agencies=None, may_see_secret_of_own_agency=True, today=TODAY
    ),
}
EXPECTED = {
    "registry": PUBLIC_NOW,
    "case_handler_a": PUBLIC_NOW | {"a-secret", "a-partly"},
    "case_handler_b": PUBLIC_NOW | {"b-secret", "b-unknown"},
    "archivist": {d.id for d in ACL_CORPUS},
}


class AccessContract:
    """Access control inside the query, cursors and phrases. Requires ``make_index``."""

    @pytest.fixture
    def acl_index(self, make_index: IndexFactory) -> SearchIndex:
        idx = make_index()
        idx.index(ACL_CORPUS)
        return idx

    @pytest.mark.parametrize("who", sorted(ACCESS))
    def test_each_viewer_gets_exactly_its_records_counts_and_facets(
        self, acl_index: SearchIndex, who: str
    ) -> None:
        result = acl_index.search(SearchQuery(text="avustus", limit=100, access=ACCESS[who]))
        expected = EXPECTED[who]
        assert {h.id for h in result.hits} == expected
        assert result.total == len(expected)
        by_id = {d.id: d for d in ACL_CORPUS}
        assert result.facets["agency"] == dict(Counter(by_id[i].agency for i in expected))
        publicity = Counter(by_id[i].publicity for i in expected if by_id[i].publicity)
        assert result.facets["publicity"] == dict(publicity)
        # an empty query and a one-hit page count the same
        page = acl_index.search(SearchQuery(text="", limit=1, access=ACCESS[who]))
        assert page.total == len(expected)
        assert page.facets["agency"] == result.facets["agency"]

    def test_no_access_is_the_operators_unrestricted_view(self, acl_index: SearchIndex) -> None:
        assert acl_index.search(SearchQuery(text="avustus", limit=100)).total == len(ACL_CORPUS)

    def test_secrecy_counts_on_the_day_it_is_judged(self, acl_index: SearchIndex) -> None:
        before = ACCESS["registry"].model_copy(update={"today": date(2019, 1, 1)})
        result = acl_index.search(SearchQuery(text="avustus", limit=100, access=before))
        assert {h.id for h in result.hits} == {"a-pub", "b-pub"}
        on_the_day = before.model_copy(update={"today": date(2020, 1, 1)})
        result = acl_index.search(SearchQuery(text="avustus", limit=100, access=on_the_day))
        assert {h.id for h in result.hits} == {"a-pub", "b-pub", "a-ended", "b-partly-ended"}

    def test_hidden_diary_number_finds_nothing(self, acl_index: SearchIndex) -> None:
        for who in ("registry", "case_handler_a"):
            result = acl_index.search(SearchQuery(text="VARELY/9/2020", access=ACCESS[who]))
            assert result.total == 0 and result.hits == [] and result.facets["agency"] == {}
        seen = acl_index.search(SearchQuery(text="VARELY/9/2020", access=ACCESS["case_handler_b"]))
        assert [h.id for h in seen.hits] == ["b-secret"]
        case = SearchQuery(text="", filters={"diary_number": "UUDELY/5/2024"}, limit=100)
        registry = acl_index.search(case.model_copy(update={"access": ACCESS["registry"]}))
        assert [h.id for h in registry.hits] == ["a-pub"]
        handler = acl_index.search(case.model_copy(update={"access": ACCESS["case_handler_a"]}))
        assert {h.id for h in handler.hits} == {"a-pub", "a-secret"}

    def test_hits_carry_agency_date_and_publicity(self, acl_index: SearchIndex) -> None:
        result = acl_index.search(SearchQuery(text="maksettu"))
        (hit,) = result.hits
        assert (hit.agency, hit.date, hit.publicity) == ("VARELY", "2023-07-07", "Julkinen")

    @pytest.mark.parametrize("sort", ["relevance", "date"])
    def test_cursor_walks_every_record_once(self, acl_index: SearchIndex, sort: str) -> None:
        access = ACCESS["case_handler_a"]
        whole = acl_index.search(SearchQuery(text="avustus", limit=100, sort=sort, access=access))
        assert whole.next_after is None
        seen: list[str] = []
        after = None
        for _ in range(10):
            query = SearchQuery(text="avustus", limit=4, sort=sort, after=after, access=access)
            page = acl_index.search(query)
            assert page.total == len(EXPECTED["case_handler_a"])
            seen += [h.id for h in page.hits]
            after = page.next_after
            if after is None:
                break
        assert seen == [h.id for h in whole.hits]
        assert len(seen) == len(set(seen)) == len(EXPECTED["case_handler_a"])
        if sort == "date":
            dates = [h.date or "" for h in whole.hits]
            assert dates == sorted(dates, reverse=True)

    def test_a_bad_cursor_is_a_value_error(self, acl_index: SearchIndex) -> None:
        with pytest.raises(ValueError, match="after"):
            acl_index.search(SearchQuery(text="avustus", after="not-a-cursor"))
        page = acl_index.search(SearchQuery(text="avustus", limit=2, sort="date"))
        assert page.next_after is not None
        with pytest.raises(ValueError, match="after"):
            acl_index.search(SearchQuery(text="avustus", after=page.next_after))  # relevance

    def test_quoted_phrase_needs_the_words_in_order(self, make_index: IndexFactory) -> None:
        idx = make_index()
        idx.index(CORPUS)
        ids = [h.id for h in idx.search(SearchQuery(text='"palkkatuki myönnettiin"')).hits]
        assert ids == ["pt-exact"]
        assert idx.search(SearchQuery(text='"myönnettiin palkkatuki"')).total == 0
        assert idx.search(SearchQuery(text='"työnantaja haki" palkkatuki')).total == 1
