"""Access control of search, the case view and every record route, per role, on both search
backends (embedded tantivy; OpenSearch over HTTP on osmem-server): exactly which records,
totals and facet counts each role gets, masked identity codes, and 404 for what a role may
not see. Records go into the catalog and store as the web tests do, and into the index
through the real ``flows.steps.index_records`` (which masks the text)."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from flows.config import open_catalog, open_store
from flows.steps import index_records
from infra.search.base import SearchIndex
from infra.search.embedded import EmbeddedIndex
from metadata.models import PersonalData, Restriction
from tests.test_web_support import PASSWORD, Web, review_record
from tests.test_web_support import accounts_catalog as accounts_catalog
from tests.test_web_support import web as web
from web.accounts import create_user

pytest_plugins = ["tests.servers"]  # osmem_url
pytestmark = pytest.mark.slow  # an app, accounts and an index per test: 2-3 s each

HETU = "131052-308T"
CASE = "UUDELY/1290/2017"
RELATED = "VARELY/55/2018"
SECRET, PARTLY, PUBLIC = "Salassa pidettävä", "Osittain salassapidettävä", "Julkinen"
# id → agency, publicity, secrecy years, document date, diary numbers, text, has a HETU
RECORDS: dict[str, tuple[str, str, int | None, date, list[str], str, bool]] = {
    "a-pub": (
        "UUDELY", PUBLIC, None, date(2017, 3, 1), [CASE],
        f"Palkkatuen hakemus. Hakijan henkilötunnus {HETU}.", True,
    ),
    "a-ended": (
        "UUDELY", SECRET, 5, date(2010, 1, 4), [CASE],
        "Palkkatukea koskeva lausunto vuodelta 2010.", False,
    ),
    "a-secret": (
        "UUDELY", SECRET, 25, date(2017, 6, 1), [CASE, RELATED],
        f"Salainen päätös palkkatuesta, henkilötunnus {HETU}.", True,
    ),
    "b-pub": (
        "VARELY", PUBLIC, None, date(2018, 2, 1), [RELATED],
        "Ansökningar om lönebidrag behandlas.", False,
    ),
    "b-secret": (
        "VARELY", SECRET, 50, date(2017, 9, 9), [CASE],
        f"Palkkatuen maksatus, henkilötunnus {HETU}.", True,
    ),
    "b-partly-ended": (
        "VARELY", PARTLY, 2, date(2015, 5, 5), [RELATED],
        "Ansökan om lönebidrag, beslut.", False,
    ),
}  # fmt: skip
PUBLIC_NOW = {"a-pub", "a-ended", "b-pub", "b-partly-ended"}
VISIBLE = {
    "kirjaamo_a": PUBLIC_NOW,  # registry of UUDELY: public only
    "aino": set(RECORDS),  # archivist, every agency
    "kaisa": PUBLIC_NOW | {"a-secret"},  # case handler of UUDELY
    "kalle": PUBLIC_NOW | {"b-secret"},  # case handler of VARELY
}
CASE_VIEW = {
    "kirjaamo_a": {"a-pub", "a-ended"},
    "aino": set(RECORDS),
    "kaisa": {"a-pub", "a-ended", "a-secret", "b-pub", "b-partly-ended"},  # via a-secret
    "kalle": {"a-pub", "a-ended", "b-secret"},
}


def _add(web: Web, rid: str) -> None:
    agency, publicity, years, day, numbers, text, hetu = RECORDS[rid]
    record, data = review_record(rid, agency=agency)
    d = record.description
    d.diary_numbers = numbers
    d.document_date = day
    d.dates = [day]
    d.title = f"Asiakirja {rid}"
    d.restriction = Restriction(
        publicity_class=publicity,
        security_period=years,
        security_reason="JulkL 24 § 1 mom. 25 k." if years else None,
        personal_data="sisältää henkilötietoja" if hetu else "ei sisällä henkilötietoja",
    )
    d.personal_data = [PersonalData(masked="131052-****", valid=True)] if hetu else []
    web.add(record, data, text=text)


@pytest.fixture(params=["embedded", pytest.param("opensearch", marks=pytest.mark.server)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> SearchIndex:
    if request.param == "embedded":
        return EmbeddedIndex(tmp_path / "index")
    from infra.search.opensearch import OpenSearchIndex

    url = request.getfixturevalue("osmem_url")
    return OpenSearchIndex(url, alias=f"t{uuid.uuid4().hex[:12]}-records", backoff_s=0.01)


@pytest.fixture
def site(web: Web, backend: SearchIndex) -> Iterator[Web]:
    catalog = open_catalog(web.settings)
    create_user(catalog, "kalle", PASSWORD, "case_handler", "VARELY")
    for rid in RECORDS:
        _add(web, rid)
    done, problem = index_records(catalog, open_store(web.settings), backend)
    assert (done, problem) == (len(RECORDS), "")
    catalog.engine.dispose()
    web.app.state.search_index = backend
    yield web


def _search(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/search", params={"limit": 100, **params})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize("user", sorted(VISIBLE))
def test_search_gives_each_role_exactly_its_records_counts_and_facets(site: Web, user: str) -> None:
    client = site.client(user)
    expected = VISIBLE[user]
    for params in ({}, {"q": "henkilötunnus palkkatuki"}, {"sort": "date"}):
        body = _search(client, **params)
        ids = {h["id"] for h in body["hits"]}
        wanted = expected if not params.get("q") else expected & {"a-pub", "a-secret", "b-secret"}
        assert ids == wanted, params
        assert body["total"] == len(wanted)
        agencies = Counter(RECORDS[i][0] for i in wanted)
        assert body["facets"]["agency"] == dict(agencies)
        assert body["facets"]["publicity"] == dict(Counter(RECORDS[i][1] for i in wanted))
        for hit in body["hits"]:
            assert HETU not in hit["snippet"] and "308T" not in hit["snippet"]
    # a filter narrows within what the role sees, never beyond it
    varely = _search(client, agency="VARELY")
    assert {h["id"] for h in varely["hits"]} == {i for i in expected if RECORDS[i][0] == "VARELY"}


def test_admin_has_no_search(site: Web) -> None:
    client = site.client("paakayttaja")
    assert client.get("/api/search").status_code == 403
    assert client.get(f"/api/cases/{CASE}").status_code == 403
    assert client.get("/api/view/a-pub").status_code == 403


@pytest.mark.parametrize("user", sorted(CASE_VIEW))
def test_case_view_gives_each_role_exactly_its_records(site: Web, user: str) -> None:
    client = site.client(user)
    response = client.get(f"/api/cases/{CASE}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert {r["id"] for r in body["records"]} == CASE_VIEW[user]
    assert body["total"] == len(CASE_VIEW[user])
    dates = [r["date"] for r in body["records"]]
    assert dates == sorted(dates)  # a timeline, oldest first
    assert body["related"] == ([RELATED] if "a-secret" in CASE_VIEW[user] else [])
    page = client.get(f"/cases/{CASE}")
    assert page.status_code == 200
    for rid in RECORDS:
        assert (f'data-record-id="{rid}"' in page.text) == (rid in CASE_VIEW[user])


def test_a_case_only_of_secret_records_is_not_found(site: Web) -> None:
    registry = site.client("kirjaamo_a")
    assert registry.get("/api/cases/VARELY/1/2099").status_code == 404
    other = site.client("kalle").get("/api/search", params={"diary_number": CASE})
    assert {h["id"] for h in other.json()["hits"]} == {"a-pub", "a-ended", "b-secret"}


@pytest.mark.parametrize("user", sorted(VISIBLE))
def test_every_record_route_answers_404_for_what_the_role_may_not_see(site: Web, user: str) -> None:
    client = site.client(user)
    for rid in RECORDS:
        routes = [
            f"/api/view/{rid}",
            f"/api/view/{rid}/text",
            f"/api/view/{rid}/pages/1.png",
            f"/api/view/{rid}/download/original",
            f"/view/{rid}",
        ]
        for url in routes:
            status = client.get(url, follow_redirects=False).status_code
            if rid not in VISIBLE[user]:
                assert status == 404, (user, url, status)
            elif url.endswith("/text") or url == f"/api/view/{rid}" or url == f"/view/{rid}":
                assert status == 200, (user, url, status)


def test_identity_codes_are_masked_for_roles_without_the_right(site: Web) -> None:
    registry = site.client("kirjaamo_a")
    text = registry.get("/api/view/a-pub/text")
    assert text.status_code == 200 and "131052-****" in text.text and HETU not in text.text
    assert registry.get("/api/view/a-pub/text", params={"unmasked": "true"}).status_code == 403
    # scans cannot be masked: none for a record with an identity code, for this role
    assert registry.get("/api/view/a-pub/pages/1.png").status_code == 404
    assert registry.get("/api/view/a-pub/download/original").status_code == 404
    assert registry.get("/api/view/b-pub/pages/1.png").status_code == 200
    assert HETU not in registry.get("/view/a-pub").text
    view = registry.get("/api/view/a-pub").json()
    assert view["may_unmask"] is False and HETU not in str(view)


def test_unmasked_text_and_downloads_are_audited(site: Web) -> None:
    handler = site.client("kaisa")
    masked = handler.get("/api/view/a-secret/text")
    assert HETU not in masked.text
    plain = handler.get("/api/view/a-secret/text", params={"unmasked": "true"})
    assert plain.status_code == 200 and HETU in plain.text
    # another agency's public record: visible, but its codes stay masked for this handler
    assert handler.get("/api/view/b-pub/text", params={"unmasked": "true"}).status_code == 403
    download = handler.get("/api/view/a-secret/download/original")
    assert download.status_code == 200 and download.content[:2] in (b"II", b"MM")
    assert handler.get("/api/view/a-secret/download/pdf").status_code == 404  # none stored
    trail = open_catalog(site.settings).audit_trail("a-secret")
    actions = [(r["actor"], r["action"]) for r in trail]
    assert ("kaisa", "view_unmasked") in actions and ("kaisa", "download") in actions


def test_relevance_inflection_and_diary_number_first(site: Web) -> None:
    client = site.client("aino")
    found = {h["id"] for h in _search(client, q="palkkatuki")["hits"]}
    assert found == {"a-pub", "a-ended", "a-secret", "b-secret"}  # palkkatuen, -tukea, -tuesta
    assert {h["id"] for h in _search(client, q="ansökan")["hits"]} == {"b-pub", "b-partly-ended"}
    ranked = [h["id"] for h in _search(client, q=f"{RELATED} lönebidrag")["hits"]]
    assert set(ranked[:2]) == {"b-pub", "b-partly-ended"}
    phrase = _search(client, q='"palkkatuen hakemus"')
    assert [h["id"] for h in phrase["hits"]] == ["a-pub"]


def test_search_pages_with_cursors_and_refuses_bad_input_clearly(site: Web) -> None:
    client = site.client("aino")
    for sort in ("relevance", "date"):
        seen: list[str] = []
        params: dict[str, Any] = {"sort": sort, "limit": 4}
        while True:
            body = _search(client, **params)
            seen += [h["id"] for h in body["hits"]]
            if not body.get("next_after"):
                break
            params["after"] = body["next_after"]
        assert sorted(seen) == sorted(RECORDS), sort
    for bad in ({"after": "x"}, {"year": "20x7"}, {"sort": "colour"}):
        response = client.get("/api/search", params=bad)
        assert response.status_code == 422 and "\n" not in response.json()["detail"]
    for odd in ('title:(a OR b) AND "x', "\\/*?~^[]{}", "a" * 500, "tuki\x00\x1f"):
        assert client.get("/api/search", params={"q": odd}).status_code == 200, odd
    assert client.get("/api/search", params={"q": "a" * 501}).status_code == 422
    page = client.get("/search", params={"q": "palkkatuki", "lang": "sv"})
    assert page.status_code == 200 and 'lang="sv"' in page.text and 'data-testid="hit"' in page.text


def test_a_schema_change_indexes_every_record_again(web: Web, tmp_path: Path) -> None:
    catalog, store = open_catalog(web.settings), open_store(web.settings)
    for rid in RECORDS:
        _add(web, rid)
    assert index_records(catalog, store, EmbeddedIndex(tmp_path / "ix"))[0] == len(RECORDS)
    (tmp_path / "ix" / ".arkki-schema").write_text("1\n")  # as an older arkki left it
    upgraded = EmbeddedIndex(tmp_path / "ix")
    assert upgraded.count() == 0 and upgraded.needs_full_index()
    assert index_records(catalog, store, upgraded) == (len(RECORDS), "")
    assert upgraded.count() == len(RECORDS) and not upgraded.needs_full_index()
    assert index_records(catalog, store, upgraded) == (0, "")
    catalog.engine.dispose()
