"""When a record's retention ends: years from a trigger date, as the records plan says.

Contract:
- The plan states each process's retention as years (``-1`` = permanent: never ends) and a
  trigger text (säilytysajan laskentaperuste). ``trigger_kind`` maps the text to one of four
  dates arkki can know, by the first matching entry of ``TRIGGER_TEXTS`` (case and
  diacritics folded, the entry matching the start of the text); no text means the document
  date; a text nothing matches is counted from case closure and marked ``mapped=False``:

  ============================================  =================  ==========================
  plan text (sample plan; start of the text)     trigger            date used
  ============================================  =================  ==========================
  asiakirjan päiväys                             ``document_date``  the record's document date
  tilikauden päättyminen                         ``year_end``       31 Dec of that date's year
  asian käsittelyn päättyminen (…)               ``case_closure``   the latest document date
  palvelussuhteen päättyminen                                       of any record sharing a
  nimityspäätöksen lainvoimaisuus                                   diary number (the case)
  sopimuskauden päättyminen
  viimeisen maksuerän maksaminen, maksupäivä
  vastaanotto, skannaus, digitointi, arkistointi ``ingest_date``    the day arkki stored it
  ============================================  =================  ==========================

  Events arkki does not see (an employment ends, a decision becomes final, a contract
  period ends) are approximated by the case's last document, the nearest event in the file.
- A missing date falls back, in order, to the latest date found in the text, then the ingest
  date (later, so never earlier than the plan allows); ``basis`` says which date was used.
- The end is the trigger date plus whole years; 29 February plus years lands on 1 March
  where the target year has no 29 February (never a day early).
- Pure functions: the caller (flows.lifecycle) supplies the case-closure dates.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Literal

from pydantic import BaseModel

from metadata.models import Description

Trigger = Literal["document_date", "case_closure", "year_end", "ingest_date"]
TRIGGERS: tuple[Trigger, ...] = ("document_date", "case_closure", "year_end", "ingest_date")
PERMANENT = -1

TRIGGER_TEXTS: tuple[tuple[str, Trigger], ...] = (
    ("asiakirjan paivays", "document_date"),
    ("handlingens datum", "document_date"),
    ("tilikauden paattyminen", "year_end"),
    ("rakenskapsperiodens slut", "year_end"),
    ("asian kasittelyn paattyminen", "case_closure"),
    ("arendets avslutande", "case_closure"),
    ("palvelussuhteen paattyminen", "case_closure"),
    ("nimityspaatoksen lainvoimaisuus", "case_closure"),
    ("sopimuskauden paattyminen", "case_closure"),
    ("viimeisen maksueran maksaminen", "case_closure"),
    ("maksupaiva", "case_closure"),
    ("vastaanotto", "ingest_date"),
    ("skannaus", "ingest_date"),
    ("digitointi", "ingest_date"),
    ("arkistointi", "ingest_date"),
)


class RetentionSchedule(BaseModel):
    """A record's retention as computed now; ``ends_on`` None: permanent or unknown."""

    period: int | None  # years; -1 permanent; None: the record has no retention yet
    permanent: bool
    reason: str = ""
    trigger_text: str | None = None
    trigger: Trigger | None = None
    mapped: bool = True  # False: the plan's trigger text is not in TRIGGER_TEXTS
    trigger_date: date | None = None
    basis: str = ""  # which date was used, in words
    ends_on: date | None = None

    def due(self, as_of: date) -> bool:
        """Destruction is due: the retention of a non-permanent record has ended."""
        return not self.permanent and self.ends_on is not None and self.ends_on <= as_of


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def trigger_kind(text: str | None) -> tuple[Trigger, bool]:
    """The trigger a plan text means, and whether the text was recognised."""
    if text is None or not text.strip():
        return "document_date", True
    folded = fold(text)
    for start, kind in TRIGGER_TEXTS:
        if folded.startswith(start):
            return kind, True
    return "case_closure", False


def add_years(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February into a year without one
        return date(start.year + years, 3, 1)


def record_date(description: Description) -> date | None:
    """The record's own date: its document date, else the latest date in its text."""
    if description.document_date is not None:
        return description.document_date
    return max(description.dates) if description.dates else None


def case_closures(records: Iterable[tuple[list[str], date | None]]) -> dict[str, date]:
    """Diary number → the latest record date among records carrying it."""
    closed: dict[str, date] = {}
    for diaries, when in records:
        if when is None:
            continue
        for diary in diaries:
            if diary not in closed or closed[diary] < when:
                closed[diary] = when
    return closed


def case_closure(description: Description, closures: dict[str, date]) -> tuple[date, str] | None:
    found = [(closures[d], d) for d in description.diary_numbers if d in closures]
    if not found:
        return None
    when, diary = max(found)
    return when, f"case {diary} closed {when.isoformat()} (its latest document date)"


def schedule(
    description: Description, ingest_date: date, closures: dict[str, date] | None = None
) -> RetentionSchedule:
    """The retention of one record; ``closures`` from ``case_closures`` over every record."""
    retention = description.retention
    if retention is None:
        return RetentionSchedule(period=None, permanent=False, basis="no retention: no class")
    kind, mapped = trigger_kind(retention.trigger)
    base = RetentionSchedule(
        period=retention.period,
        permanent=retention.period == PERMANENT,
        reason=retention.reason,
        trigger_text=retention.trigger,
        trigger=kind,
        mapped=mapped,
    )
    if base.permanent:
        return base.model_copy(update={"basis": "permanent (-1)"})
    start, basis = _trigger_date(description, kind, ingest_date, closures or {})
    return base.model_copy(
        update={
            "trigger_date": start,
            "basis": basis,
            "ends_on": add_years(start, retention.period),
        }
    )


def _trigger_date(
    description: Description, kind: Trigger, ingest_date: date, closures: dict[str, date]
) -> tuple[date, str]:
    if kind == "ingest_date":
        return ingest_date, f"ingest date {ingest_date.isoformat()}"
    if kind == "case_closure":
        closed = case_closure(description, closures)
        if closed is not None:
            return closed
    own = record_date(description)
    if own is None:
        return ingest_date, f"ingest date {ingest_date.isoformat()} (the record has no date)"
    which = "document date" if description.document_date is not None else "latest date in text"
    if kind == "year_end":
        end = date(own.year, 12, 31)
        return end, f"end of year {own.year} ({which} {own.isoformat()})"
    if kind == "case_closure":
        return own, f"{which} {own.isoformat()} (no diary number: the record is its own case)"
    return own, f"{which} {own.isoformat()}"
