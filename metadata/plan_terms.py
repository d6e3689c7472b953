"""Vocabulary of the records-management plan (TOS): SÄHKE2 enumerations, file keys, errors.

The enumeration values are verbatim from ``Sahke2_2019_03.xsd`` (``PublicityClassType``,
``PersonalDataType``); note the spelling difference between "salassapidettävä" (one word, in
the second publicity class) and "Salassa pidettävä" (two words, in the third).
"""

from __future__ import annotations

from typing import Literal, get_args

PublicityClass = Literal["Julkinen", "Osittain salassapidettävä", "Salassa pidettävä"]
PUBLICITY_CLASSES: tuple[str, ...] = get_args(PublicityClass)
PUBLIC = "Julkinen"

PersonalDataValue = Literal[
    "ei sisällä henkilötietoja",
    "sisältää henkilötietoja",
    "sisältää arkaluontoisia henkilötietoja",
    "sisältää erityisiä henkilötietoryhmiä",
    "sisältää rikostuomioihin ja rikkomuksiin liittyviä henkilötietoja",
]
PERSONAL_DATA_VALUES: tuple[str, ...] = get_args(PersonalDataValue)
NO_PERSONAL_DATA = "ei sisällä henkilötietoja"
HAS_PERSONAL_DATA = "sisältää henkilötietoja"

# Kinds of agency in the ELY/TE/KEHA administration, derived from the registry code.
AgencyKind = Literal["ely", "te", "keha"]
AGENCY_KINDS: tuple[str, ...] = get_args(AgencyKind)

PERMANENT = -1  # Säilytysajan pituus for pysyvä säilytys (the SÄHKE2 RetentionPeriod convention)
MIN_KEYWORD = 4  # letters in a one-word topic keyword

# File keys, shared by the YAML and the CSV form (see README "Records-management plan").
PLAN_KEYS = (
    "title",
    "organisation",
    "version",
    "state",
    "valid_from",
    "valid_until",
    "author",
    "notes",
    "general_class",
)
CLASS_KEYS = ("code", "title_fi", "title_sv", "description")
PROCESS_KEYS = (
    "id",
    "description",
    "publicity_class",
    "secrecy_period",
    "secrecy_reason",
    "secrecy_trigger",
    "personal_data",
    "retention_period",
    "retention_reason",
    "retention_trigger",
    "doc_types",
    "agency_kinds",
    "keywords_fi",
    "keywords_sv",
)
LIST_KEYS = frozenset({"doc_types", "agency_kinds", "keywords_fi", "keywords_sv"})


class PlanError(Exception):
    """A records plan that cannot be used. ``problems``: every problem found, one line each.

    Each line names where (class code, and process id where relevant) and the file key, e.g.
    ``03.01.01 process palkkatuki: secrecy_reason: required when publicity_class is
    'Osittain salassapidettävä'``. Not a ``ValueError`` on purpose: pydantic would wrap it.
    """

    def __init__(self, problems: list[str], source: str = "records plan") -> None:
        self.problems = list(problems)
        self.source = source
        count = f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        super().__init__(f"{source}: {count}:\n  " + "\n  ".join(self.problems))
