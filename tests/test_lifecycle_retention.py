"""Retention arithmetic for each trigger, the plan's trigger texts, and a class change through
the correction path (which also refuses a held record)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from flows.config import Settings, open_catalog
from flows.lifecycle import retention_of
from flows.records_cli import run_correct
from infra.lifecycle import lift_hold, place_hold
from metadata.models import Description, Retention
from metadata.retention import (
    TRIGGER_TEXTS,
    add_years,
    case_closures,
    schedule,
    trigger_kind,
)
from tests.test_lifecycle_support import PERMANENT_CLASS, PLAN, add_record, make_record

INGEST = date(2024, 5, 2)


def describe(period: int, trigger: str | None, **extra: object) -> Description:
    return Description(
        language="fin",
        language_confidence=1,
        doc_type="kirje",
        doc_type_confidence=1,
        doc_type_reason="t",
        title="t",
        retention=Retention(period=period, reason="r", trigger=trigger),
        **extra,  # type: ignore[arg-type]
    )


def test_document_date_trigger() -> None:
    d = describe(10, "asiakirjan päiväys", document_date=date(2017, 3, 12))
    s = schedule(d, INGEST)
    assert (s.trigger, s.trigger_date, s.ends_on) == (
        "document_date",
        date(2017, 3, 12),
        date(2027, 3, 12),
    )
    assert s.due(date(2027, 3, 12)) and not s.due(date(2027, 3, 11))


def test_case_closure_is_the_latest_document_of_the_case() -> None:
    first = describe(
        6,
        "asian käsittelyn päättyminen",
        document_date=date(2017, 3, 12),
        diary_numbers=["UUDELY/1/2017"],
    )
    closures = case_closures(
        [
            (["UUDELY/1/2017"], date(2017, 3, 12)),
            (["UUDELY/1/2017"], date(2019, 8, 1)),
            (["UUDELY/2/2017"], date(2030, 1, 1)),
        ]
    )
    s = schedule(first, INGEST, closures)
    assert (s.trigger, s.trigger_date, s.ends_on) == (
        "case_closure",
        date(2019, 8, 1),
        date(2025, 8, 1),
    )
    assert "UUDELY/1/2017" in s.basis
    alone = schedule(
        describe(6, "asian käsittelyn päättyminen", document_date=date(2017, 3, 12)), INGEST
    )
    assert alone.ends_on == date(2023, 3, 12) and "own case" in alone.basis


def test_year_end_and_ingest_date_and_fallbacks() -> None:
    s = schedule(describe(6, "tilikauden päättyminen", document_date=date(2017, 3, 12)), INGEST)
    assert (s.trigger, s.ends_on) == ("year_end", date(2023, 12, 31))
    s = schedule(describe(2, "skannaus"), INGEST)
    assert (s.trigger, s.ends_on) == ("ingest_date", date(2026, 5, 2))
    undated = schedule(describe(6, "asiakirjan päiväys"), INGEST)
    assert undated.ends_on == date(2030, 5, 2) and "no date" in undated.basis
    from_text = schedule(describe(1, None, dates=[date(2015, 1, 1), date(2016, 6, 1)]), INGEST)
    assert from_text.ends_on == date(2017, 6, 1) and "latest date in text" in from_text.basis


def test_permanent_never_ends_and_29_february_never_ends_early() -> None:
    s = schedule(describe(-1, None, document_date=date(2017, 3, 12)), INGEST)
    assert s.permanent and s.ends_on is None and not s.due(date(9999, 1, 1))
    assert add_years(date(2016, 2, 29), 1) == date(2017, 3, 1)
    assert add_years(date(2016, 2, 29), 4) == date(2020, 2, 29)


def test_every_trigger_text_of_the_sample_plan_is_mapped() -> None:
    texts = {p.retention_trigger for leaf in PLAN.leaves() for p in leaf.processes}
    for text in texts:
        assert trigger_kind(text)[1], f"unmapped trigger text: {text}"
    assert trigger_kind("jotain muuta") == ("case_closure", False)
    assert trigger_kind("Tilikauden päättyminen")[0] == "year_end"
    assert len({kind for _, kind in TRIGGER_TEXTS}) == 4


def test_a_class_change_recomputes_retention_and_a_hold_refuses_it(arkki_home: Path) -> None:
    settings = Settings.from_env()
    record, data = make_record("d-00000000000000000001", document_date=date(2017, 3, 12))
    add_record(settings, record, data, datetime(2018, 1, 10, tzinfo=UTC))
    catalog = open_catalog(settings)
    before = retention_of(catalog, record.id)
    assert before is not None and before.schedule.ends_on == date(2023, 3, 12)
    run_correct(record.id, ["records_class=02.01"], "aino", "luokka", False, True, settings)
    after = retention_of(catalog, record.id)
    assert after is not None
    assert (after.class_code, after.schedule.trigger, after.schedule.ends_on) == (
        "02.01",
        "year_end",
        date(2023, 12, 31),
    )
    hold = place_hold(catalog, "class", ["02.01"], "oikeudenkäynti", "aino")
    from flows.cli import UsageProblem

    with pytest.raises(UsageProblem, match=r"under a hold and cannot be changed.*oikeudenkäynti"):
        run_correct(
            record.id, [f"records_class={PERMANENT_CLASS}"], "aino", "", False, True, settings
        )
    lift_hold(catalog, hold["id"], "aino", "päättyi")
    run_correct(record.id, [f"records_class={PERMANENT_CLASS}"], "aino", "", False, True, settings)
    permanent = retention_of(catalog, record.id)
    assert permanent is not None and permanent.schedule.permanent
    actions = [row["action"] for row in catalog.audit_trail()]
    assert actions == ["correct", "hold-place", "hold-lift", "correct"]
