"""Search port: what every search backend (embedded tantivy, OpenSearch) must provide.

Contract
- ``index`` is idempotent: indexing a document with an existing ``id`` replaces it.
- ``search`` analyses the query the same way documents were analysed (Finnish base forms and
  compound parts from Voikko, Swedish Snowball stems, exact tokens), ANDs the query words,
  ranks exact > base form > compound part, and ranks records carrying a queried diary number
  first.
- Facets are counted over the whole matching set, not the returned page.
- Snippets are built from the stored text with matches wrapped in ``<mark>``…``</mark>``.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from pydantic import BaseModel, Field

FACET_FIELDS = ("doc_type", "agency", "year", "language")
FILTER_FIELDS = ("doc_type", "agency", "year", "language", "diary_number", "batch_id", "status")


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

    @property
    def year(self) -> int | None:
        return min(self.dates).year if self.dates else None


class SearchQuery(BaseModel):
    text: str
    limit: int = Field(default=10, ge=1, le=1000)
    offset: int = Field(default=0, ge=0)
    filters: dict[str, str] = Field(default_factory=dict)


class SearchHit(BaseModel):
    id: str
    title: str
    doc_type: str
    diary_numbers: list[str]
    score: float
    snippet: str


class SearchResult(BaseModel):
    total: int
    hits: list[SearchHit]
    facets: dict[str, dict[str, int]]


class SearchIndex(Protocol):
    def index(self, documents: list[IndexDocument]) -> None: ...

    def delete(self, document_id: str) -> None: ...

    def search(self, query: SearchQuery) -> SearchResult: ...

    def count(self) -> int: ...


class SearchError(RuntimeError):
    """A search backend failed (unreachable, refused a request). The message is one line and
    names the backend's host and index."""


class IndexingError(SearchError):
    """Some documents of an ``index`` call were refused; the others were indexed. ``failed``
    maps each refused id to the reason, so the caller can decide what to retry."""

    def __init__(self, message: str, failed: dict[str, str]) -> None:
        super().__init__(message)
        self.failed = failed
