"""The describe stage: propose a record's descriptive and records-management metadata.

From one document's text: language, document type (the statistical model over words, layout
and the rules' evidence, or the rules alone where no model is given), title, identifiers,
dates, agencies, the records-plan class and what the class passes on (publicity, secrecy,
personal data, retention). Pure function, no I/O; identity codes leave it masked only.
"""

from __future__ import annotations

from metadata.agencies import find_agencies
from metadata.classifier import TypeModel
from metadata.dates import find_dates, find_document_date
from metadata.doctype import classify
from metadata.identifiers import (
    find_business_ids,
    find_diary_numbers,
    find_personal_identity_codes,
)
from metadata.language import detect_language
from metadata.models import AgencyRef, Description, RecordsClass, Restriction, Retention
from metadata.plan import RecordsPlan, sample_plan
from metadata.plan_assign import assign_class, personal_data_value
from metadata.title import extract_title

LANGUAGES = ("fin", "swe", "eng")
RULES_ONLY = "rules"
_TRUST_DETECTION = 0.5


def describe(
    text: str,
    *,
    hint_language: str | None = None,
    model: TypeModel | None = None,
    plan: RecordsPlan | None = None,
    agency: str = "",
) -> Description:
    """Describe ``text`` (plain text, e.g. OCR output) as a ``Description``.

    Language: the detector's answer, unless it is ``und`` or less confident than 0.5 and a
    ``hint_language`` (fin/swe/eng) is given; then the hint, with confidence 0.5. Type: the
    ``model``'s calibrated prediction, or the rules where ``model`` is None
    (``model_version`` says which). Class: from ``plan`` (the sample plan where None), using
    the batch's ``agency`` or else the sender agency found in the letterhead. A valid
    personal identity code lifts the class's personal-data value to "sisältää
    henkilötietoja".
    """
    language, confidence = detect_language(text)
    if hint_language in LANGUAGES and (language == "und" or confidence < _TRUST_DETECTION):
        language, confidence = hint_language, _TRUST_DETECTION
    if model is not None:
        prediction = model.predict(text, language)
        doc_type, type_confidence, reason = (
            prediction.doc_type,
            round(prediction.confidence, 4),
            prediction.reason,
        )
        alternatives, model_version = prediction.alternatives, model.version
    else:
        doc_type, type_confidence, reason = classify(text, language)
        alternatives, model_version = [], RULES_ONLY
    diary_numbers = find_diary_numbers(text)
    personal_data = find_personal_identity_codes(text)
    agencies = [AgencyRef(code=m.code, name=m.name, role=m.role) for m in find_agencies(text)]
    sender = next((a.code for a in agencies if a.role == "sender"), "")
    plan = plan or sample_plan()
    assigned = assign_class(plan, doc_type, agency or sender, text, diary_numbers)
    defaults = assigned.defaults
    return Description(
        language=language,
        language_confidence=confidence,
        doc_type=doc_type,
        doc_type_confidence=type_confidence,
        doc_type_reason=reason,
        doc_type_alternatives=alternatives,
        title=extract_title(text, doc_type),
        diary_numbers=diary_numbers,
        dates=find_dates(text),
        document_date=find_document_date(text),
        business_ids=find_business_ids(text),
        personal_data=personal_data,
        agencies=agencies,
        records_class=RecordsClass(
            code=assigned.code,
            title_fi=assigned.title_fi,
            title_sv=assigned.title_sv,
            process_id=assigned.process_id,
            confidence=round(assigned.confidence, 4),
            reason=assigned.reason,
            runner_up=assigned.runner_up,
        ),
        restriction=Restriction(
            publicity_class=defaults.publicity_class,
            security_period=defaults.secrecy_period,
            security_reason=defaults.secrecy_reason,
            personal_data=personal_data_value(
                any(p.valid for p in personal_data), defaults.personal_data
            ),
        ),
        retention=Retention(
            period=defaults.retention_period,
            reason=defaults.retention_reason,
            trigger=defaults.retention_trigger,
        ),
        model_version=model_version,
        plan_version=plan.version,
        plan_hash=plan.content_hash,
    )
