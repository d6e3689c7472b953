"""The records-management plan (tiedonohjaussuunnitelma, TOS) as data, after JHS 191.

A plan (``RecordsPlan``) holds a function classification (``PlanClass``: Luokka, with
pääluokka → alaluokka → ... by code) whose leaf classes carry one or more processes
(``Process``: Käsittelyprosessi) with the default restriction and retention metadata that a
record of that process inherits (``ClassDefaults``, the SÄHKE2 Restriction and Retention
elements). File keys and their JHS 191 / SÄHKE2 names: README "Records-management plan".

Validation reports every problem at once as a ``PlanError`` whose ``problems`` are one-line
messages naming the class code (and process id) and the file key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    ValidationError,
    model_validator,
)

from metadata.plan_checks import check_tree, describe_validation_error
from metadata.plan_csv import read_csv, write_csv
from metadata.plan_terms import AgencyKind, PersonalDataValue, PlanError, PublicityClass

__all__ = [
    "ClassDefaults",
    "PlanClass",
    "PlanError",
    "Process",
    "RecordsPlan",
    "load_plan",
    "parse_plan",
    "sample_plan",
]

SAMPLE_PLAN = "sample_tos.yaml"


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


_Text = Annotated[str, Field(min_length=1)]
_OptText = Annotated[str | None, BeforeValidator(_blank_to_none)]
_Years = Annotated[Annotated[int, Field(ge=1)] | None, BeforeValidator(_blank_to_none)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class ClassDefaults(_Frozen):
    """What a record inherits from its process (JHS 191 §5 → SÄHKE2 Restriction, Retention)."""

    publicity_class: PublicityClass  # Julkisuusluokka → PublicityClass
    secrecy_period: _Years = None  # Salassapitoaika, years → SecurityPeriod
    secrecy_reason: _OptText = None  # Salassapitoperuste → SecurityReason
    secrecy_trigger: _OptText = None  # Salassapidon laskentaperuste
    personal_data: PersonalDataValue  # Henkilötietoja → PersonalData
    retention_period: int = Field(ge=-1)  # Säilytysajan pituus, years; -1 = pysyvä
    retention_reason: _Text  # Säilytysajan peruste → RetentionReason
    retention_trigger: _OptText = None  # Säilytysajan laskentaperuste


class Process(ClassDefaults):
    """A Käsittelyprosessi of a leaf class, with the evidence that identifies it.

    ``doc_types``: codes of ``metadata.models.DOC_TYPES`` used in the process (empty: any).
    ``agency_kinds``: ely / te / keha agencies that run it (empty: all). ``keywords_fi`` and
    ``keywords_sv``: base words or stems (a word matches when it starts with one, or contains
    one of 5+ letters as a compound part); a keyword of several words matches as a phrase.
    """

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    description: str = ""
    doc_types: tuple[str, ...] = ()
    agency_kinds: tuple[AgencyKind, ...] = ()
    keywords_fi: tuple[str, ...] = ()
    keywords_sv: tuple[str, ...] = ()

    def defaults(self) -> ClassDefaults:
        """The inherited metadata alone."""
        return ClassDefaults.model_validate(
            self.model_dump(include=set(ClassDefaults.model_fields))
        )


class PlanClass(_Frozen):
    """A Luokka: ``code`` (Tunnus, e.g. ``05.01.02``), Nimeke in Finnish and Swedish, Kuvaus.

    Exactly one of ``children`` (subclasses, coded ``<code>.NN``) and ``processes`` is
    non-empty: processes belong to the leaf classes.
    """

    code: _Text
    title_fi: _Text
    title_sv: str = ""
    description: str = ""
    children: tuple[PlanClass, ...] = ()
    processes: tuple[Process, ...] = ()

    @property
    def is_leaf(self) -> bool:
        return not self.children


class RecordsPlan(_Frozen):
    """A TOS: JHS 191 §2-3 metadata and the class tree.

    ``title`` Nimeke, ``organisation`` Organisaatio, ``version`` Versio, ``state`` Tila,
    ``valid_from``/``valid_until`` Voimassaolo, ``author`` Laatija, ``notes`` Lisätietoja.
    ``general_class`` is the leaf class (e.g. yleishallinto) that class assignment falls back
    to. Constructing one with problems raises ``PlanError`` listing all of them.
    """

    title: _Text
    organisation: _Text
    version: _Text
    state: _Text
    valid_from: date | None = None
    valid_until: date | None = None
    author: _Text
    notes: str = ""
    general_class: _Text
    classes: tuple[PlanClass, ...]

    @model_validator(mode="wrap")
    @classmethod
    def _all_problems(
        cls, data: Any, handler: ModelWrapValidatorHandler[RecordsPlan]
    ) -> RecordsPlan:
        problems = check_tree(data)
        try:
            plan = handler(data)
        except ValidationError as error:
            raise PlanError(describe_validation_error(error, data) + problems) from None
        if problems:
            raise PlanError(problems)
        return plan

    @property
    def content_hash(self) -> str:
        """sha256 (hex) of the canonical content: the validated plan as JSON with sorted keys.

        Independent of file form (YAML or CSV), key order, comments and whitespace; any change
        of a value, including ``version``, changes it. Computed on each access (a fraction of a
        millisecond for a plan of this size), so ``model_copy(update=...)`` cannot leave it stale.
        """
        canonical = json.dumps(
            self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def iter_classes(self) -> Iterator[PlanClass]:
        """All classes, parents before their children, in file order."""
        stack = list(reversed(self.classes))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def leaves(self) -> list[PlanClass]:
        """The leaf classes (those with processes), in file order."""
        return [c for c in self.iter_classes() if c.is_leaf]

    def find(self, code: str) -> PlanClass | None:
        """The class with this code, or None."""
        return next((c for c in self.iter_classes() if c.code == code), None)

    def lineage(self, code: str) -> list[PlanClass]:
        """Main class → ... → the class ``code`` (for SÄHKE2 ClassificationScheme); [] if absent."""
        parts = code.split(".")
        path = [self.find(".".join(parts[: i + 1])) for i in range(len(parts))]
        return [] if None in path else [c for c in path if c is not None]

    def to_csv(self) -> str:
        """The plan in the flat CSV form (``load_plan`` reads it back to an equal plan)."""
        return write_csv(self.model_dump(mode="json"))


def parse_plan(text: str, form: str, source: str = "records plan") -> RecordsPlan:
    """Parse plan text of ``form`` ``"yaml"`` or ``"csv"``; ``PlanError`` lists all problems."""
    problems: list[str] = []
    try:
        if form == "csv":
            data, problems = read_csv(text)
        elif form == "yaml":
            data = _read_yaml(text)
        else:
            raise PlanError([f"plan: unknown form {form!r}; expected yaml or csv"])
        plan = RecordsPlan.model_validate(data)
    except PlanError as error:
        raise PlanError(problems + error.problems, source) from None
    if problems:
        raise PlanError(problems, source)
    return plan


def load_plan(path: Path) -> RecordsPlan:
    """Load a plan from ``*.yaml``/``*.yml`` (primary form) or ``*.csv`` (flat form).

    Raises ``PlanError`` naming every problem (prefixed with the path), ``OSError`` when the
    file cannot be read.
    """
    suffix = path.suffix.lower()
    form = "yaml" if suffix in (".yaml", ".yml") else suffix.lstrip(".")
    return parse_plan(path.read_text(encoding="utf-8-sig"), form, str(path))


@cache
def sample_plan() -> RecordsPlan:
    """The SAMPLE plan shipped in ``metadata/plans/sample_tos.yaml`` (not an official plan)."""
    text = resources.files("metadata.plans").joinpath(SAMPLE_PLAN).read_text(encoding="utf-8")
    return parse_plan(text, "yaml", f"metadata/plans/{SAMPLE_PLAN}")


def _read_yaml(text: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise PlanError([f"yaml: {' '.join(str(error).split())}"]) from None
    if not isinstance(data, dict):
        raise PlanError(["yaml: expected a mapping with title, version, classes, ..."])
    return data
