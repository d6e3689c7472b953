"""Corrections, review routing and the record's versions (metadata/corrections.py, review.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from metadata.corrections import CorrectionError, apply_corrections, parse_assignments
from metadata.describe import describe
from metadata.models import Description
from metadata.plan import sample_plan
from metadata.review import ReviewThresholds, review_reasons

AT = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PALKKATUKI = (
    "Uudenmaan TE-toimisto\n"
    "PÄÄTÖS\n"
    "Päätöspäivä 12.3.2019\n"
    "Dnro UUDTE/45/2019\n\n"
    "Asia: Palkkatuki työttömän työnhakijan palkkaamiseen\n"
    "Hakija: Esimerkki Oy (Y-tunnus 2077474-0)\n"
    "TE-toimisto myöntää palkkatukea. Työntekijän henkilötunnus 131052-308T.\n"
)
STRICT = ReviewThresholds(type_confidence=0.8, class_confidence=0.5)


@pytest.fixture(scope="module")
def described() -> Description:
    return describe(PALKKATUKI, agency="UUDTE")


def test_a_record_inherits_its_class_defaults_and_the_plan_version(described: Description) -> None:
    plan = sample_plan()
    assert described.records_class is not None
    assert described.records_class.title_fi.lower().startswith("palkkatuki")
    assert described.restriction is not None and described.retention is not None
    assert described.restriction.publicity_class == "Osittain salassapidettävä"
    assert described.restriction.security_reason
    assert described.restriction.personal_data == "sisältää henkilötietoja"  # the HETU
    assert described.plan_version == plan.version
    assert described.plan_hash == plan.content_hash
    assert described.model_version == "rules"  # no model given
    assert described.document_date == date(2019, 3, 12)


def test_a_clear_decision_needs_no_review_and_a_missing_field_is_named(
    described: Description,
) -> None:
    certain = described.model_copy(update={"doc_type_confidence": 0.95})
    assert review_reasons(certain, STRICT) == []
    missing = certain.model_copy(update={"diary_numbers": [], "document_date": None})
    reasons = review_reasons(missing, STRICT)
    assert "no diary number found in a paatos" in reasons
    assert "no document date found in a paatos" in reasons


def test_low_confidence_type_and_class_are_routed_with_the_reason(
    described: Description,
) -> None:
    assert described.records_class is not None
    doubtful = described.model_copy(
        update={
            "doc_type_confidence": 0.55,
            "records_class": described.records_class.model_copy(update={"confidence": 0.2}),
        }
    )
    reasons = review_reasons(doubtful, STRICT)
    assert any(r.startswith("document type uncertain (paatos, confidence 0.55") for r in reasons)
    assert any(r.startswith("records-plan class uncertain") for r in reasons)


def test_a_correction_changes_the_field_marks_it_and_lists_old_and_new(
    described: Description,
) -> None:
    corrected, changes = apply_corrections(
        described, {"doc_type": "lausunto"}, sample_plan(), "aino", AT, "heading misread"
    )
    assert corrected.doc_type == "lausunto" and corrected.doc_type_confidence == 1.0
    assert changes == [("doc_type", "paatos", "lausunto")]
    assert corrected.corrected["doc_type"].actor == "aino"
    assert described.doc_type == "paatos"  # the input is not changed
    # a field set by hand is never questioned again, even at low confidence
    low = corrected.model_copy(update={"doc_type_confidence": 0.1})
    assert not any("document type" in r for r in review_reasons(low, STRICT))


def test_setting_the_class_reinherits_defaults_but_keeps_hand_set_values(
    described: Description,
) -> None:
    plan = sample_plan()
    general = plan.general_class
    first, _ = apply_corrections(described, {"retention_period": "25"}, plan, "aino", AT, "")
    second, changes = apply_corrections(first, {"records_class": general}, plan, "aino", AT)
    assert second.records_class is not None and second.records_class.code == general
    assert second.records_class.confidence == 1.0
    assert second.retention is not None and second.retention.period == 25  # kept
    leaf = plan.find(general)
    assert leaf is not None
    assert second.restriction is not None
    assert second.restriction.publicity_class == leaf.processes[0].publicity_class
    assert (
        "records_class",
        f"{described.records_class.code}:{described.records_class.process_id}",
        f"{general}:{leaf.processes[0].id}",
    ) in changes  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("assignment", "words"),
    [
        ({"doc_type": "tiedote"}, "unknown type"),
        ({"publicity_class": "Osittain salassa pidettävä"}, "verbatim"),
        ({"personal_data": "henkilötietoja"}, "verbatim"),
        ({"records_class": "99.99"}, "not a class"),
        ({"retention_period": "ikuisesti"}, "whole number"),
        ({"document_date": "31.2.2020"}, "a date such as"),
        ({"diary_numbers": "1290-2017"}, "AGENCY/number"),
        ({"language": "de"}, "one of fin, swe, eng"),
        ({"title": ""}, "1 to 200"),
    ],
)
def test_invalid_corrections_are_refused_with_one_line(
    described: Description, assignment: dict[str, str], words: str
) -> None:
    with pytest.raises(CorrectionError) as error:
        apply_corrections(described, assignment, sample_plan(), "aino", AT)
    assert words in str(error.value) and "\n" not in str(error.value)


def test_a_secret_class_needs_its_reason(described: Description) -> None:
    public, _ = apply_corrections(
        described, {"publicity_class": "Julkinen"}, sample_plan(), "a", AT
    )
    assert public.restriction is not None and public.restriction.security_reason is None
    with pytest.raises(CorrectionError, match="needs security_period and security_reason"):
        apply_corrections(public, {"publicity_class": "Salassa pidettävä"}, sample_plan(), "a", AT)
    secret, _ = apply_corrections(
        public,
        {
            "publicity_class": "Salassa pidettävä",
            "security_period": "25",
            "security_reason": "JulkL 24 § 1 mom. 25 k.",
        },
        sample_plan(),
        "a",
        AT,
    )
    assert secret.restriction is not None and secret.restriction.security_period == 25


def test_assignments_are_parsed_and_checked() -> None:
    assert parse_assignments(["doc_type=paatos", "title=Uusi otsikko"]) == {
        "doc_type": "paatos",
        "title": "Uusi otsikko",
    }
    for bad in (["doc_type"], ["colour=red"], ["title=a", "title=b"], []):
        with pytest.raises(CorrectionError):
            parse_assignments(bad)
