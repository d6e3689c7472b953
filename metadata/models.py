"""What the describe stage proposes for one document."""

from __future__ import annotations

from datetime import date

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
