"""``arkki search``, ``show`` and ``text``: read-only views that never start Prefect."""

from __future__ import annotations

import html
import json
import re
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape

from flows.config import Settings, open_catalog, open_search, open_store
from infra.search.base import FILTER_FIELDS, SearchQuery
from metadata.masking import mask_personal_identity_codes


def _emit(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, default=str) + "\n")


def parse_filters(filters: list[str]) -> dict[str, str]:
    from flows.cli import UsageProblem

    parsed: dict[str, str] = {}
    for item in filters:
        field, sep, value = item.partition("=")
        if not sep or not value:
            raise UsageProblem(f"--filter {item}: expected FIELD=VALUE")
        if field not in FILTER_FIELDS:
            raise UsageProblem(
                f"--filter {item}: unknown field {field} (one of {', '.join(FILTER_FIELDS)})"
            )
        parsed[field] = value
    return parsed


def run_search(
    query: str, limit: int, filters: list[str], as_json: bool, settings: Settings
) -> None:
    from flows.cli import UsageProblem

    request = SearchQuery(text=query, limit=limit, filters=parse_filters(filters))
    try:
        result = open_search(settings).search(request)
    except ValueError as error:
        raise UsageProblem(str(error).splitlines()[0]) from error
    if as_json:
        _emit(result.model_dump(mode="json"))
        return
    console = Console()
    console.print(
        f"[bold]{result.total}[/bold] osumaa / träffar / hits for “{escape(query)}”",
        soft_wrap=True,
    )
    for rank, hit in enumerate(result.hits, start=1):
        numbers = ", ".join(hit.diary_numbers[:3])
        console.print(f"{rank:>2}. {hit.id}  {hit.doc_type}  {escape(numbers)}", soft_wrap=True)
        console.print(f"    [bold]{escape(hit.title)}[/bold]", soft_wrap=True)
        console.print(f"    {_terminal_snippet(hit.snippet)}", soft_wrap=True)
    for field, counts in result.facets.items():
        if not counts:
            continue
        summary = ", ".join(f"{k} ({v})" for k, v in counts.items())
        console.print(f"{field}: {escape(summary)}", soft_wrap=True)


def _terminal_snippet(snippet: str) -> str:
    """An HTML snippet with <mark> highlights as Rich markup."""
    parts = re.split(r"(</?mark>)", snippet)
    styled = {"<mark>": "[reverse]", "</mark>": "[/reverse]"}
    return "".join(styled.get(part) or escape(html.unescape(part)) for part in parts)


def resolve_record(record_id: str, settings: Settings) -> dict[str, Any]:
    from flows.cli import UsageProblem

    catalog = open_catalog(settings)
    row = catalog.record(record_id)
    if row is None:
        matches = catalog.find_records(record_id) if len(record_id) >= 4 else []
        if len(matches) == 1:
            row = catalog.record(matches[0])
        elif len(matches) > 1:
            raise UsageProblem(f"{record_id}: ambiguous record id prefix")
    if row is None:
        raise UsageProblem(f"{record_id}: no such record")
    return row


def run_show(record_id: str, as_json: bool, settings: Settings) -> None:
    row = resolve_record(record_id, settings)
    record = json.loads(row["record"])
    store = open_store(settings)
    objects = []
    for f in record["files"]:
        objects.append(
            {
                "role": "original",
                "name": f["name"],
                "key": f["key"],
                "sha256": f["sha256"],
                "size": f["size"],
            }
        )
    for d in record["derivatives"]:
        objects.append(
            {"role": d["kind"], "key": d["key"], "sha256": d["sha256"], "size": d["size"]}
        )
    for role in ("record.json", "text.txt"):
        head = store.head(f"records/{row['id']}/{role}")
        if head:
            objects.append(
                {"role": role, "key": head.key, "sha256": head.sha256, "size": head.size}
            )
    if as_json:
        _emit({"record": record, "objects": objects})
        return
    console = Console()
    d = record["description"]
    console.print(f"[bold]{d['title']}[/bold]  ({row['id']}, {record['status']})")
    for label, value in (
        ("Asiakirjatyyppi / type", f"{d['doc_type']} ({d['doc_type_confidence']:.2f})"),
        ("Kieli / språk", d["language"]),
        ("Diaarinumerot / diarienummer", ", ".join(d["diary_numbers"])),
        ("Päivämäärät / datum", ", ".join(d["dates"])),
        ("Y-tunnukset / FO-nummer", ", ".join(d["business_ids"])),
        (
            "Henkilötunnukset / personbeteckningar",
            ", ".join(p["masked"] for p in d["personal_data"]),
        ),
        ("Asiakirjan päiväys / datering", d.get("document_date") or "-"),
        ("Virastot / myndigheter", _agencies(d.get("agencies") or [])),
        ("Tehtäväluokka / uppgiftsklass", _records_class(d.get("records_class"))),
        ("Julkisuus / offentlighet", _restriction(d.get("restriction"))),
        ("Säilytysaika / förvaringstid", _retention(d.get("retention"))),
        ("Kuvattu / beskriven av", _versions(d)),
        ("Korjattu / korrigerat", _corrected(d.get("corrected") or {})),
        ("Sivuja / sidor", str(len(record["pages"]))),
        ("OCR", _page_quality(record["pages"])),
        ("PDF/A", ", ".join(d.get("conformance") or "not PDF/A" for d in record["derivatives"])),
        ("Tarkastettavaa / att granska", "; ".join(record["review_reasons"])),
    ):
        console.print(f"{label:<34} {value}", markup=False, soft_wrap=True)
    for obj in objects:
        console.print(
            f"  {obj['role']:<16} {obj['sha256']}  {obj['key']}", markup=False, soft_wrap=True
        )


def _agencies(agencies: list[dict[str, Any]]) -> str:
    return ", ".join(f"{a['code']} ({a['role']})" for a in agencies) or "-"


def _records_class(assigned: dict[str, Any] | None) -> str:
    if not assigned:
        return "-"
    confidence = f"{assigned['confidence']:.2f}"
    return f"{assigned['code']} {assigned['title_fi']} ({confidence}): {assigned['reason']}"


def _restriction(restriction: dict[str, Any] | None) -> str:
    if not restriction:
        return "-"
    parts = [restriction["publicity_class"]]
    if restriction.get("security_period"):
        parts.append(f"{restriction['security_period']} v / år")
    if restriction.get("security_reason"):
        parts.append(restriction["security_reason"])
    parts.append(restriction["personal_data"])
    return ", ".join(parts)


def _retention(retention: dict[str, Any] | None) -> str:
    if not retention:
        return "-"
    period = "pysyvä / varaktigt" if retention["period"] == -1 else f"{retention['period']} v / år"
    trigger = f" ({retention['trigger']})" if retention.get("trigger") else ""
    return f"{period}{trigger}: {retention['reason']}"


def _versions(description: dict[str, Any]) -> str:
    model = description.get("model_version") or "rules"
    plan = description.get("plan_version") or "-"
    return f"type model {model}, records plan {plan}"


def _corrected(corrected: dict[str, Any]) -> str:
    return ", ".join(f"{field} ({mark['actor']})" for field, mark in corrected.items()) or "-"


def _page_quality(pages: list[dict[str, Any]]) -> str:
    """Each page's OCR quality score, flagged pages marked: ``p1 94, p2 61 (!)``."""
    parts = []
    for page in pages:
        quality = page.get("quality")
        if quality:
            parts.append(
                f"p{page['number']} {quality['score']:.0f}{' (!)' if quality['flagged'] else ''}"
            )
    return ", ".join(parts) or "-"


def run_text(record_id: str, unmasked: bool, actor: str, as_json: bool, settings: Settings) -> None:
    """The OCR text, personal identity codes masked unless ``unmasked`` (which is audited)."""
    row = resolve_record(record_id, settings)
    text = open_store(settings).get_bytes(f"records/{row['id']}/text.txt").decode()
    if unmasked:
        open_catalog(settings).audit(actor, "read-unmasked-text", row["id"], {})
    else:
        text = mask_personal_identity_codes(text)
    if as_json:
        _emit({"id": row["id"], "text": text})
    else:
        sys.stdout.write(text + "\n")
