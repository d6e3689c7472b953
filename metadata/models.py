"""What the describe stage proposes for one document."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

DOC_TYPES: dict[str, tuple[str, str]] = {
    "paatos": ("päätös", "beslut"),
    "maksatuspaatos": ("maksatuspäätös", "utbetalningsbeslut"),
    "hakemus": ("hakemus", "ansökan"),
    "lasku": ("lasku", "faktura"),
    "sopimus": ("sopimus", "avtal"),
    "kirje": ("kirje", "brev"),
    "poytakirja": ("pöytäkirja", "protokoll"),
    "muistio": ("muistio", "promemoria"),
    "lausunto": ("lausunto", "utlåtande"),
    "oikaisuvaatimus": (
        "oikaisuvaatimus tai valitus",
        "omprövningsbegäran eller besvär",
    ),
    "muu": ("muu", "annan"),
}


class PersonalData(BaseModel):
    """A personal identity code found in the text. Only a masked form leaves the pipeline."""

    kind: str = "hetu"
    masked: str
    valid: bool


class AgencyRef(BaseModel):
    """An agency named in the text: who sent it, who received it, or only mentioned."""

    code: str  # registry code, e.g. UUDELY
    name: str  # the name as the gazetteer knows it
    role: str  # sender | recipient | mentioned


class RecordsClass(BaseModel):
    """The records-plan class (tehtäväluokka) proposed or set for the record."""

    code: str  # e.g. 03.01.01
    title_fi: str
    title_sv: str = ""
    process_id: str
    confidence: float
    reason: str
    runner_up: str | None = None


class Restriction(BaseModel):
    """Käyttörajoitus: SÄHKE2 Restriction, values verbatim from the SÄHKE2 enumerations."""

    publicity_class: str  # Julkinen | Osittain salassapidettävä | Salassa pidettävä
    security_period: int | None = None  # Salassapitoaika, years
    security_reason: str | None = None  # Salassapitoperuste, e.g. "JulkL 24 § 1 mom. 25 k."
    personal_data: str  # Henkilötietoja, e.g. "sisältää henkilötietoja"


class Retention(BaseModel):
    """Säilytysaika: years (-1 = permanent), reason and the event it is counted from."""

    period: int
    reason: str
    trigger: str | None = None


class CorrectionMark(BaseModel):
    """Who set a field by hand, so retraining and re-describing keep the archivist's value."""

    actor: str
    at: datetime
    reason: str = ""


class Description(BaseModel):
    language: str  # ISO 639-3: fin, swe, eng, or "und"
    language_confidence: float
    doc_type: str
    doc_type_confidence: float
    doc_type_reason: str
    title: str
    diary_numbers: list[str] = Field(default_factory=list)
    dates: list[date] = Field(default_factory=list)
    business_ids: list[str] = Field(default_factory=list)
    personal_data: list[PersonalData] = Field(default_factory=list)
    doc_type_alternatives: list[tuple[str, float]] = Field(default_factory=list)
    document_date: date | None = None
    agencies: list[AgencyRef] = Field(default_factory=list)
    records_class: RecordsClass | None = None
    restriction: Restriction | None = None
    retention: Retention | None = None
    model_version: str = ""  # the document-type model that described it ("rules": none)
    plan_version: str = ""  # the records plan's own version string
    plan_hash: str = ""  # sha256 of the plan's canonical content
    corrected: dict[str, CorrectionMark] = Field(default_factory=dict)
