"""Disposition on the local store: the list (permanent never, held shown held), destruction
(stub, certificate, content gone, two approvers for non-public), holds through the CLI
functions, the API (two-step approval) and the Prefect flow."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from flows.cli import UsageProblem
from flows.config import Settings, open_catalog, open_store
from flows.lifecycle_cli import (
    run_disposition_destroy,
    run_disposition_list,
    run_hold_add,
    run_hold_lift,
)
from infra.lifecycle import destruction
from tests.test_lifecycle_support import (
    PERMANENT_CLASS,
    PUBLIC_CLASS,
    SECRET_CLASS,
    add_record,
    make_record,
)
from tests.test_web_support import Web
from tests.test_web_support import accounts_catalog as accounts_catalog
from tests.test_web_support import web as web

AGED = "2031-01-01"


def seed(settings: Settings) -> dict[str, str]:
    ids = {
        "public": "d-00000000000000000011",
        "public2": "d-00000000000000000012",
        "secret": "d-00000000000000000013",
        "permanent": "d-00000000000000000014",
    }
    add_record(settings, *make_record(ids["public"], PUBLIC_CLASS))
    add_record(settings, *make_record(ids["public2"], PUBLIC_CLASS, diaries=["UUDELY/77/2017"]))
    add_record(settings, *make_record(ids["secret"], SECRET_CLASS))
    add_record(settings, *make_record(ids["permanent"], PERMANENT_CLASS))
    return ids


def listing(settings: Settings, capsys: pytest.CaptureFixture[str], as_of: str) -> dict:  # type: ignore[type-arg]
    assert run_disposition_list(as_of, True, settings) == 0
    return json.loads(capsys.readouterr().out)


def test_list_destroy_hold_and_lift_through_the_cli_functions(
    arkki_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings.from_env()
    ids = seed(settings)
    assert listing(settings, capsys, "2020-01-01")["classes"] == []
    due = listing(settings, capsys, AGED)
    listed = {r["id"] for g in due["classes"] for r in g["records"]}
    assert listed == {ids["public"], ids["public2"], ids["secret"]}  # permanent never
    assert listing(settings, capsys, "2999-01-01")["classes"][0]["records"]
    assert ids["permanent"] not in json.dumps(listing(settings, capsys, "2999-01-01"))

    run_hold_add("UUDELY/77/2017", None, None, "oikeusjuttu", "aino", True, settings)
    hold_id = json.loads(capsys.readouterr().out)["id"]
    held = listing(settings, capsys, AGED)["classes"][0]
    assert (held["class"], held["due"], held["held"]) == (PUBLIC_CLASS, 1, 1)

    code = run_disposition_destroy(PUBLIC_CLASS, None, "aino", None, AGED, True, settings)
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["destroyed"] == [ids["public"]]
    assert report["skipped"][0]["id"] == ids["public2"]
    assert "held" in report["skipped"][0]["reason"]

    catalog, store = open_catalog(settings), open_store(settings)
    stub = catalog.record(ids["public"])
    assert stub is not None and stub["status"] == "destroyed"
    gone = destruction(catalog, ids["public"])
    assert gone is not None and {o["result"] for o in gone["objects"]} <= {"deleted", "absent"}
    record = json.loads(stub["record"])
    assert all(store.head(f["key"]) is None for f in record["files"])
    assert store.head(f"records/{ids['public']}/text.txt") is None
    assert store.head(record["pages"][0]["alto_key"]) is None
    assert store.head(f"records/{ids['public']}/record.json") is not None  # metadata kept
    xml = store.get_bytes(f"certificates/{report['certificate']}.xml").decode()
    assert record["files"][0]["sha256"] in xml and "aino" in xml
    text = store.get_bytes(f"certificates/{report['certificate']}.txt").decode()
    assert ids["public"] in text
    actions = [r["action"] for r in catalog.audit_trail()]
    assert actions[-2:] == ["destroy", "destruction-certificate"]
    # the held one is refused by ids too, until the hold is lifted
    run_disposition_destroy(None, [ids["public2"]], "aino", None, AGED, True, settings)
    assert json.loads(capsys.readouterr().out)["destroyed"] == []
    assert run_hold_lift(hold_id, "aino", "ratkaistu", True, settings) == 0
    capsys.readouterr()
    run_disposition_destroy(None, [ids["public2"]], "aino", None, AGED, True, settings)
    assert json.loads(capsys.readouterr().out)["destroyed"] == [ids["public2"]]

    with pytest.raises(UsageProblem, match="second approver"):
        run_disposition_destroy(SECRET_CLASS, None, "aino", None, AGED, True, settings)
    with pytest.raises(UsageProblem, match="second approver"):
        run_disposition_destroy(SECRET_CLASS, None, "aino", "aino", AGED, True, settings)
    assert catalog.record(ids["secret"])["status"] == "stored"  # type: ignore[index]
    run_disposition_destroy(SECRET_CLASS, None, "aino", "bertil", AGED, True, settings)
    assert json.loads(capsys.readouterr().out)["destroyed"] == [ids["secret"]]
    from flows.fixity import run_fixity

    capsys.readouterr()
    assert run_fixity(True, None, "t", True, settings) == 0  # destroyed content is not missing
    capsys.readouterr()
    run_disposition_destroy(None, [ids["permanent"]], "aino", "x", AGED, True, settings)
    assert "permanent" in json.loads(capsys.readouterr().out)["skipped"][0]["reason"]


def test_api_two_step_approval_and_holds(web: Web) -> None:
    ids = seed(web.settings)
    aino, bertil = web.client("aino"), web.client("bertil")
    listed = aino.get(f"/api/disposition?as_of={AGED}").json()
    assert sum(len(g["records"]) for g in listed["classes"]) == 3
    retention = aino.get(f"/api/records/{ids['permanent']}/retention").json()
    assert retention["retention"]["permanent"] is True
    hold = aino.post(
        "/api/holds", json={"scope": "records", "values": [ids["secret"]], "reason": "pyyntö"}
    )
    assert hold.status_code == 201
    refused = aino.post(
        "/api/disposition/approvals", json={"class_code": SECRET_CLASS, "as_of": AGED}
    )
    assert refused.status_code == 409  # the only record of the class is held
    assert aino.post(f"/api/holds/{hold.json()['id']}/lift", json={}).status_code == 200
    first = aino.post(
        "/api/disposition/approvals", json={"class_code": SECRET_CLASS, "as_of": AGED}
    )
    assert first.status_code == 201 and first.json()["needs_second_approver"] is True
    approval_id = first.json()["id"]
    assert aino.post(f"/api/disposition/approvals/{approval_id}/approve").status_code == 409
    done = bertil.post(f"/api/disposition/approvals/{approval_id}/approve")
    assert done.status_code == 200 and done.json()["destroyed"] == [ids["secret"]]
    cert = aino.get(f"/api/disposition/certificates/{done.json()['certificate']}")
    assert cert.status_code == 200 and "bertil" in cert.text
    public = aino.post(
        "/api/disposition/approvals", json={"class_code": PUBLIC_CLASS, "as_of": AGED}
    )
    assert public.json()["state"] == "done" and len(public.json()["destroyed"]) == 2
    assert web.client("kaisa").get("/api/disposition").status_code == 403
    page = aino.get(f"/disposition?as_of={AGED}")
    assert page.status_code == 200 and "sip --case" in page.text
    dash = aino.get("/dashboard")
    assert dash.status_code == 200 and "<svg" in dash.text and "<table" in dash.text


FLOW_RUN = """
import json, sys
from flows.config import Settings, configure_prefect
configure_prefect(Settings.from_env())
from flows.disposition_flow import disposition_flow
print(json.dumps(disposition_flow(approved_by="aino", class_code=sys.argv[1], as_of=sys.argv[2])))
"""


def run_disposition_flow(class_code: str, as_of: str) -> Any:
    """The Prefect flow in a process of its own, as a worker runs it (Prefect's local mode
    starts its temporary server once per process, so it is not shared with other tests)."""
    env = dict(os.environ, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180")
    result = subprocess.run(
        [sys.executable, "-c", FLOW_RUN, class_code, as_of],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_a_hold_blocks_the_prefect_flow_and_lifting_restores(arkki_home: Path) -> None:
    settings = Settings.from_env()
    from infra.lifecycle import lift_hold, place_hold

    ids = seed(settings)
    catalog = open_catalog(settings)
    hold = place_hold(catalog, "class", [PUBLIC_CLASS], "tarkastus", "aino")
    result = run_disposition_flow(PUBLIC_CLASS, AGED)
    assert result["destroyed"] == [] and len(result["skipped"]) == 2
    lift_hold(catalog, hold["id"], "aino", "")
    result = run_disposition_flow(PUBLIC_CLASS, AGED)
    assert sorted(result["destroyed"]) == sorted([ids["public"], ids["public2"]])
