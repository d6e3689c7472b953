"""Search port: what every search backend (embedded tantivy, OpenSearch) must provide.

Contract
- ``index`` is idempotent: indexing a document with an existing ``id`` replaces it.
- ``search`` analyses the query the same way documents were analysed (Finnish base forms and
  compound parts from Voikko, Swedish Snowball stems, exact tokens), ANDs the query words,
  ranks exact > base form > compound part, and ranks records carrying a queried diary number
  first.
- Facets are counted over the whole matching set, not the returned page.
- Snippets are built from the stored text with matches wrapped in ``<mark>``…``</mark>``.
  The index only ever holds text with personal identity codes masked (``flows.steps``), so
  no snippet, stored text or facet can carry one; unmasked text is served from the store.
- A quoted phrase (``"palkkatuki myönnettiin"``) matches those exact word forms in that order.
- Access control (``Access``) is part of the query itself, so ``total``, facets, hits and
  snippets only ever count what the viewer may see. ``SearchQuery.access=None`` is the
  operator's unrestricted view (``arkki search``, benches, reindexing); every web route
  passes the signed-in user's ``Access``. The rule: a record is visible when it counts as
  public now (publicity class ``Julkinen``, or its secrecy period has ended:
  ``public_from <= today``), or when the viewer may see non-public records of their own
  agencies and the record's agency is one of them. A record without a publicity class or
  without a known secrecy end counts as secret (fail closed).
- Paging: ``offset`` for shallow pages, or ``after``: the opaque ``next_after`` cursor of the
  previous page (search_after on OpenSearch; see each backend for the embedded index).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import date
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field, SerializerFunctionWrapHandler, model_serializer

FACET_FIELDS = ("doc_type", "agency", "year", "language", "records_class", "publicity")
FILTER_FIELDS = (
    "doc_type",
    "agency",
    "year",
    "language",
    "diary_number",
    "batch_id",
    "status",
    "records_class",
    "publicity",
)
PUBLIC = "Julkinen"  # SÄHKE2 JulkisuusluokkaTyyppi: the one value that is public
NEVER = 99_991_231  # public_from of a secret record whose secrecy end is not known
_PHRASE_RE = re.compile(r'"([^"]*)"')


def day_number(day: date) -> int:
    """A date as the integer yyyymmdd, the form ``public_from`` is indexed in."""
    return day.year * 10_000 + day.month * 100 + day.day


def add_years(day: date, years: int) -> date:
    """``day`` plus whole years; 29 February moves on to 1 March (the later day, so a
    secrecy period never ends early)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


class Access(BaseModel):
    """Who is searching: decides which records the query may match at all."""

    role: str
    agencies: tuple[str, ...] | None = ()  # None: every agency (a national role)
    may_see_personal_ids: bool = False  # unmasked text from the store (never from the index)
    may_see_secret_of_own_agency: bool = False
    today: date | None = None  # the day secrecy is judged on; None: today

    def day(self) -> date:
        return self.today or date.today()

    def sees_all(self) -> bool:
        return self.may_see_secret_of_own_agency and self.agencies is None

    def may_see(self, agency: str, public_from: int) -> bool:
        """The same rule as the query filters, for a single record outside the index."""
        if public_from <= day_number(self.day()):
            return True
        own = self.agencies is None or agency in self.agencies
        return self.may_see_secret_of_own_agency and own


class IndexDocument(BaseModel):
    id: str
    title: str = ""
    text: str = ""
    doc_type: str = "muu"
    agency: str = ""
    language: str = ""
    diary_numbers: list[str] = Field(default_factory=list)
    dates: list[date] = Field(default_factory=list)
    batch_id: str = ""
    status: str = ""
    records_class: str = ""  # records-plan class code, e.g. 03.01.01
    publicity: str = ""  # SÄHKE2 publicity class; "" = not described (counts as secret)
    secret_until: date | None = None  # end of the secrecy period; None with a non-public
    # class = not known, so the record stays secret
    personal_data: str = ""  # SÄHKE2 Henkilötietoja value
    document_date: date | None = None  # the date the record is sorted by

    @property
    def year(self) -> int | None:
        return min(self.dates).year if self.dates else None

    @property
    def public_from(self) -> int:
        """yyyymmdd from which the record counts as public: 0 for a public one."""
        if self.publicity == PUBLIC:
            return 0
        return day_number(self.secret_until) if self.secret_until else NEVER

    @property
    def sort_date(self) -> date | None:
        return self.document_date or (min(self.dates) if self.dates else None)

    @property
    def sort_key(self) -> int:
        """Date order with a tiebreak: the date's ordinal above 40 bits of the id's hash
        (0 for an undated record, which sorts last)."""
        day = self.sort_date
        tiebreak = int.from_bytes(hashlib.blake2b(self.id.encode(), digest_size=5).digest())
        return ((day.toordinal() if day else 0) << 40) | tiebreak


class SearchQuery(BaseModel):
    text: str
    limit: int = Field(default=10, ge=1, le=1000)
    offset: int = Field(default=0, ge=0)
    filters: dict[str, str] = Field(default_factory=dict)
    sort: Literal["relevance", "date"] = "relevance"
    after: str | None = Field(default=None, max_length=2000)  # a previous page's next_after
    access: Access | None = None  # None: unrestricted (operator tools only)

    def phrases(self) -> list[str]:
        """The quoted parts of the text, in order (an unclosed quote is plain text)."""
        return [p.strip() for p in _PHRASE_RE.findall(self.text) if p.strip()]


class SearchHit(BaseModel):
    id: str
    title: str
    doc_type: str
    diary_numbers: list[str]
    score: float
    snippet: str
    agency: str = ""
    date: str | None = None  # ISO date the record is sorted by
    publicity: str = ""
    records_class: str = ""
    status: str = ""


class SearchResult(BaseModel):
    total: int
    hits: list[SearchHit]
    facets: dict[str, dict[str, int]]
    next_after: str | None = None  # pass as ``after`` for the next page; None: last page

    @model_serializer(mode="wrap")
    def _without_empty_cursor(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """The last page leaves ``next_after`` out (as results did before cursors existed)."""
        data: dict[str, Any] = handler(self)
        if data.get("next_after") is None:
            data.pop("next_after", None)
        return data


def encode_cursor(kind: str, state: dict[str, Any]) -> str:
    raw = json.dumps({"k": kind, **state}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str, kind: str) -> dict[str, Any]:
    """The state of a cursor made by ``encode_cursor(kind, …)``; ValueError for any other.
    A cursor only moves the page: access control does not depend on it, so it is unsigned."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        state = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ValueError("after: not a cursor this search returned") from None
    if not isinstance(state, dict) or state.get("k") != kind:
        raise ValueError("after: the cursor belongs to another search backend or sort order")
    return state


class SearchIndex(Protocol):
    def index(self, documents: list[IndexDocument]) -> None: ...

    def delete(self, document_id: str) -> None: ...

    def search(self, query: SearchQuery) -> SearchResult: ...

    def count(self) -> int: ...

    def needs_full_index(self) -> bool:
        """True when the index was emptied for a new schema and every record must be indexed
        again (``flows.steps.index_records`` does it, then calls ``full_index_done``)."""
        ...

    def full_index_done(self) -> None: ...


class SearchError(RuntimeError):
    """A search backend failed (unreachable, refused a request). The message is one line and
    names the backend's host and index."""


class IndexingError(SearchError):
    """Some documents of an ``index`` call were refused; the others were indexed. ``failed``
    maps each refused id to the reason, so the caller can decide what to retry."""

    def __init__(self, message: str, failed: dict[str, str]) -> None:
        super().__init__(message)
        self.failed = failed
