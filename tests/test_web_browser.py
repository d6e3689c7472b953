"""End to end in a real browser: `arkki serve` (a subprocess on a free port) driven by Playwright
in Debian's headless Chromium (/usr/bin/chromium; Playwright never downloads a browser here).

A registry clerk uploads a generated batch (two rendered pages and one empty file), watches the
real ingest finish and sees the empty file quarantined with its reason; an archivist claims a
task, corrects the document type, approves and lands on the next task, and the audit entry is
on the record page. Every screen is photographed into tests/artifacts/browser/ and checked with
axe-core (WCAG 2.1 A and AA rules). The archivist's common path is timed (printed with -s).

The second test works on records written straight to the catalog and store (no OCR) and
indexed with `python -m flows reindex`: a case handler searches a base form, narrows by
document type, opens the case and a record, downloads the original and the PDF (SHA-256 as
stored); an archivist opens the dashboard and the disposition list. Screenshots: search-*.png.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from archive_schema.record import Derivative, RecordMetadata, RecordStatus
from flows.config import Settings, open_store
from infra.catalog import Catalog
from metadata.models import RecordsClass, Retention
from metadata.plan import sample_plan
from tests.conftest import FINNISH_DECISION, render_page
from tests.test_web_support import review_record
from web.accounts import create_user

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts" / "browser"
PASSWORD = "selain-salasana-1234"
USERS = {
    "kirjaamo": ("registry", "UUDELY"),
    "arkistonhoitaja": ("archivist", "*"),
    "paakayttaja": ("admin", "*"),
}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# flags from the machine notes: no background connections to hosts this sandbox cannot reach
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LETTER = (
    "Hyvä vastaanottaja\n"
    "Dnro UUDELY/2231/2018\n"
    "Helsinki 4.6.2018\n"
    "Kiitämme kirjeestänne, jossa kysyitte palkkatuen hakemisesta. Lähetämme oheisena "
    "hakulomakkeen ja ohjeet. Vastaamme mielellämme lisäkysymyksiin puhelimitse.\n"
    "Ystävällisin terveisin\nAsiakaspalvelu"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _png(text: str) -> bytes:
    out = io.BytesIO()
    render_page(text).save(out, format="PNG", dpi=(300, 300))
    return out.getvalue()


@contextmanager
def _serve(home: Path, **env_extra: str) -> Iterator[str]:
    """`python -m flows serve` on ``home`` (plain HTTP on loopback, a free port); its URL."""
    env = {k: v for k, v in os.environ.items() if k not in ("ARKKI_STORE", "ARKKI_CATALOG")}
    env.pop("ARKKI_SEARCH", None)
    env.update(ARKKI_HOME=str(home), ARKKI_WEB_COOKIE_SECURE="0", **env_extra)
    port = _free_port()
    log = (home / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "flows", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log.close()
                pytest.fail(
                    f"arkki serve did not start: {(home / 'serve.log').read_text()[-2000:]}"
                )
            time.sleep(0.2)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _create_users(home: Path, users: dict[str, tuple[str, str]]) -> Catalog:
    catalog = Catalog(f"sqlite:///{home / 'catalog.sqlite'}")
    for name, (role, agencies) in users.items():
        create_user(catalog, name, PASSWORD, role, agencies)
    return catalog


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh ARKKI_HOME with one registry clerk and one archivist. Every ingested document
    needs review (type confidence threshold 1.0), so the upload makes the archivist's tasks."""
    home = tmp_path_factory.mktemp("browser-home")
    _create_users(home, USERS).engine.dispose()
    with _serve(home, ARKKI_REVIEW_TYPE_CONFIDENCE="1.0") as url:
        yield url


# the case handler's archive: two records of one case (a decision and a letter) and a memo of
# another case; the decision has its searchable PDF. Base forms: only the decision has
# "palkkatuki" as such, the letter "palkkatuen", the memo "palkkatukea".
CASE = "UUDELY/1290/2017"
ARCHIVE_USERS = {"kasittelija": ("case_handler", "UUDELY"), "arkistonhoitaja": ("archivist", "*")}
ARCHIVE = [
    ("d-paatos", "paatos", "Päätös palkkatuesta", CASE, date(2017, 3, 12), FINNISH_DECISION),
    (
        "d-kirje",
        "kirje",
        "Kirje hakijalle",
        CASE,
        date(2017, 4, 2),
        "Hyvä hakija\nDnro UUDELY/1290/2017\nPalkkatuen maksatusta koskeva ohje on liitteenä.",
    ),
    (
        "d-muistio",
        "muistio",
        "Muistio tukien käsittelystä",
        "UUDELY/1400/2018",
        date(2018, 1, 15),
        "Muistio\nDnro UUDELY/1400/2018\nKäsittelyaikoja seurataan: palkkatukea haetaan "
        "aiempaa enemmän.",
    ),
]


def _archive_record(
    rid: str, doc_type: str, title: str, diary: str, day: date, text: str
) -> tuple[RecordMetadata, dict[str, tuple[bytes, str]]]:
    """A stored record of the palkkatuki class (10 years' retention) written as the ingest
    writes it: the original TIFF, the OCR text and, for a decision, its searchable PDF."""
    image = render_page(text).convert("1")
    tiff, pdf = io.BytesIO(), io.BytesIO()
    image.save(tiff, format="TIFF", compression="group4", dpi=(300, 300))
    image.save(pdf, format="PDF", resolution=300)
    base, _ = review_record(rid, doc_type=doc_type)
    leaf, process = next(
        (leaf, p) for leaf in sample_plan().leaves() for p in leaf.processes if p.id == "palkkatuki"
    )
    description = base.description.model_copy(
        update={
            "title": title,
            "doc_type_confidence": 0.97,
            "diary_numbers": [diary],
            "document_date": day,
            "records_class": RecordsClass(
                code=leaf.code,
                title_fi=leaf.title_fi,
                process_id=process.id,
                confidence=0.9,
                reason="test",
            ),
            "retention": Retention(
                period=process.retention_period,
                reason=process.retention_reason,
                trigger=process.retention_trigger,
            ),
        }
    )
    original = tiff.getvalue()
    sha = hashlib.sha256(original).hexdigest()
    blobs = {
        f"originals/{sha}": (original, "image/tiff"),
        f"records/{rid}/text.txt": (text.encode(), "text/plain"),
    }
    derivatives = []
    if doc_type == "paatos":
        key = f"records/{rid}/searchable.pdf"
        blobs[key] = (pdf.getvalue(), "application/pdf")
        derivatives.append(
            Derivative(
                kind="searchable-pdf",
                key=key,
                sha256=hashlib.sha256(pdf.getvalue()).hexdigest(),
                size=len(pdf.getvalue()),
                media_type="application/pdf",
            )
        )
    record = base.model_copy(
        update={
            "status": RecordStatus.STORED,
            "review_reasons": [],
            "description": description,
            "files": [
                base.files[0].model_copy(
                    update={"sha256": sha, "size": len(original), "key": f"originals/{sha}"}
                )
            ],
            "pages": [
                base.pages[0].model_copy(
                    update={
                        "facts": base.pages[0].facts.model_copy(
                            update={"width": image.width, "height": image.height, "mode": "1"}
                        )
                    }
                )
            ],
            "derivatives": derivatives,
        }
    )
    return record, blobs


@pytest.fixture(scope="module")
def archive_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, dict[str, RecordMetadata]]]:
    """A fresh ARKKI_HOME holding ``ARCHIVE`` (written straight to the catalog and store, then
    `python -m flows reindex`), a case handler of UUDELY and an archivist; yields the URL and
    the stored records by id."""
    home = tmp_path_factory.mktemp("browser-archive")
    catalog = _create_users(home, ARCHIVE_USERS)
    with pytest.MonkeyPatch.context() as env:
        for name in ("ARKKI_STORE", "ARKKI_CATALOG", "ARKKI_SEARCH"):
            env.delenv(name, raising=False)
        env.setenv("ARKKI_HOME", str(home))
        store = open_store(Settings.from_env())
    records: dict[str, RecordMetadata] = {}
    for rid, doc_type, title, diary, day, text in ARCHIVE:
        record, blobs = _archive_record(rid, doc_type, title, diary, day, text)
        for key, (data, media_type) in blobs.items():
            store.put_bytes(key, data, media_type)
        catalog.add_record(
            rid,
            record.batch_id,
            record.status.value,
            doc_type,
            record.agency,
            title,
            record.model_dump_json(),
        )
        records[rid] = record
    catalog.engine.dispose()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ARKKI_")}
    done = subprocess.run(
        [sys.executable, "-m", "flows", "reindex", "--json"],
        cwd=ROOT,
        env={**clean, "ARKKI_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["indexed"] == len(ARCHIVE), done.stdout
    with _serve(home) as url:
        yield url, records


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(
            f"axe-core is missing ({AXE}): run `bash infra/setup.sh`, or "
            "`npm install --prefix .cache/npm axe-core@4`"
        )
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium` (infra/setup.sh does)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is missing: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Screens:
    """Takes a screenshot and runs axe-core on each screen; collects the violations."""

    page: Any
    axe: str
    violations: dict[str, list[str]] = field(default_factory=dict)
    shots: list[Path] = field(default_factory=list)
    prefix: str = ""  # keeps each test's numbered screenshots apart

    def check(self, name: str) -> None:
        self.page.wait_for_load_state("networkidle")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"{self.prefix}{len(self.shots) + 1:02d}-{name}.png"
        self.page.screenshot(path=str(shot), full_page=True)
        self.shots.append(shot)
        self.page.add_script_tag(content=self.axe)
        result = self.page.evaluate(
            "async (tags) => { const r = await axe.run(document, "
            "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});"
            "return r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + "
            "v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')); }",
            WCAG,
        )
        if result:
            self.violations[f"{name} {self.page.url}"] = result


def _login(page: Any, url: str, user: str) -> None:
    page.goto(f"{url}/login")
    page.get_by_label("Käyttäjätunnus").fill(user)
    page.get_by_label("Salasana").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_label("Salasana").press("Enter")


def _logout(page: Any) -> None:
    with page.expect_navigation():
        page.locator("form[action='/logout'] button").click()


@dataclass
class Stopwatch:
    """Wall time of the scripted steps, split into waiting for the server and page loads
    (each navigation) and the rest (the browser acting on the page)."""

    waiting: float = 0.0
    steps: list[tuple[str, float]] = field(default_factory=list)

    def navigate(self, page: Any, action: Any) -> None:
        started = time.perf_counter()
        with page.expect_navigation():
            action()
        page.wait_for_load_state("load")
        self.waiting += time.perf_counter() - started


def test_upload_ingest_claim_correct_approve_and_audit(
    server: str, browser: Any, axe_source: str
) -> None:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="fi-FI", accept_downloads=False
    )
    page = context.new_page()
    screens = Screens(page, axe_source)
    try:
        # registry: log in, upload, watch the batch finish
        page.goto(f"{server}/login")
        screens.check("login")
        _login(page, server, "kirjaamo")
        assert page.url.endswith("/batches")
        screens.check("batches")
        page.get_by_label("Tiedostot").set_input_files(
            [
                {"name": "paatos.png", "mimeType": "image/png", "buffer": _png(FINNISH_DECISION)},
                {"name": "kirje.png", "mimeType": "image/png", "buffer": _png(LETTER)},
                {"name": "tyhja.tif", "mimeType": "image/tiff", "buffer": b""},
            ]
        )
        with page.expect_navigation(url="**/batches/*", timeout=60_000):
            page.get_by_role("button", name="Lähetä").click()
        screens.check("batch-running")
        state = page.locator("[data-field='state']")
        deadline = time.monotonic() + 540
        while state.inner_text() == "running" and time.monotonic() < deadline:
            page.wait_for_timeout(1000)  # the page polls the API and reloads itself when done
        page.wait_for_load_state("load")
        assert page.locator("[data-field='state']").inner_text() == "quarantine", page.content()
        assert "tyhja.tif" in page.inner_text("main") and "empty" in page.inner_text("main")
        screens.check("batch-finished")
        _logout(page)

        # archivist: the queue, claim, check, correct the type, approve, next
        _login(page, server, "arkistonhoitaja")
        assert page.url.endswith("/queue")
        assert "(2)" in page.get_by_role("heading", name="Tehtävät").inner_text()
        screens.check("queue")
        watch = Stopwatch()
        started = time.perf_counter()
        # keyboard only: Alt+Shift+N claims the next task; the page opens with the focus on the
        # first field arkki was unsure of (the type); typing picks a type; Alt+Shift+A approves
        watch.navigate(page, lambda: page.keyboard.press("Alt+Shift+N"))
        first = page.url.rsplit("/", 1)[-1]
        shown = page.evaluate("document.activeElement.id + '=' + document.activeElement.value")
        assert shown.startswith("f-doc_type="), shown  # check: what arkki proposed and why
        shown = shown.split("=", 1)[1]
        assert page.locator(".reasons").inner_text().startswith("document type uncertain")
        new_type = "muistio" if shown != "muistio" else "lausunto"
        page.keyboard.type(new_type[:3])
        assert page.get_by_label("Asiakirjatyyppi").input_value() == new_type
        watch.navigate(page, lambda: page.keyboard.press("Alt+Shift+A"))  # correct and approve
        common_path = time.perf_counter() - started
        second = page.url.rsplit("/", 1)[-1]
        assert "/tasks/" in page.url and second != first, page.url
        screens.check("validation-next-task")
        print(
            f"\ncommon path (claim → check → correct type → approve → next), keyboard only: "
            f"{common_path:.2f} s wall, of which {watch.waiting:.2f} s waiting for the server "
            f"and page loads (2 navigations), {common_path - watch.waiting:.2f} s in the page; "
            "3 user actions: Alt+Shift+N, type 3 letters, Alt+Shift+A"
        )
        (ARTIFACTS / "common-path.json").write_text(
            json.dumps(
                {"wall_s": common_path, "waiting_s": watch.waiting, "user_actions": 3}, indent=2
            )
        )

        # the second task, with a reason for the log, by mouse: pick the type, write why
        page.get_by_label("Asiakirjatyyppi").select_option("lausunto")
        page.get_by_label("Perustelu (lokiin)").fill("lausunto, ei kirje")
        with page.expect_navigation():
            page.get_by_role("button", name="Korjaa ja hyväksy").click()
        assert page.url.endswith(f"/records/{second}"), page.url  # nothing left: the record
        audit = page.get_by_role("region", name="Muutoshistoria").inner_text()
        assert "lausunto, ei kirje" in audit and "→ lausunto" in audit, audit

        # the record just approved: its audit entry
        page.goto(f"{server}/records/{first}")
        audit = page.get_by_role("region", name="Muutoshistoria").inner_text()
        assert "arkistonhoitaja" in audit and f"doc_type: {shown} → {new_type}" in audit, audit
        screens.check("record-audit")
        page.goto(f"{server}/records/d-ei-ole")
        assert page.get_by_role("alert").inner_text() == "record d-ei-ole not found"
        screens.check("error-404")
        _logout(page)

        # administrator: the accounts
        _login(page, server, "paakayttaja")
        assert page.url.endswith("/admin/users")
        screens.check("users")
    finally:
        print(f"screenshots: {ARTIFACTS}")
        context.close()
    assert not screens.violations, json.dumps(screens.violations, indent=1, ensure_ascii=False)


def _download(page: Any, link: Any) -> str:
    """Clicks a download link; the SHA-256 of what the browser saved."""
    with page.expect_download() as info:
        link.click()
    path = info.value.path()
    assert path is not None, info.value.failure()
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_search_filter_case_record_download_and_lifecycle(
    archive_server: tuple[str, dict[str, RecordMetadata]], browser: Any, axe_source: str
) -> None:
    server, records = archive_server
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="fi-FI", accept_downloads=True
    )
    page = context.new_page()
    screens = Screens(page, axe_source, prefix="search-")
    started = time.perf_counter()
    try:
        # case handler: search a base form, narrow by document type, open the case
        _login(page, server, "kasittelija")
        page.goto(f"{server}/search")
        screens.check("empty")
        page.get_by_label("Hakusanat").fill("palkkatuki")
        with page.expect_navigation():
            page.get_by_test_id("search-submit").click()
        hits = page.get_by_test_id("hit")
        assert page.get_by_test_id("total").inner_text() == "3", page.inner_text("main")
        assert sorted(h.get_attribute("data-record-id") or "" for h in hits.all()) == sorted(
            records
        )
        screens.check("results")
        with page.expect_navigation():
            page.get_by_test_id("facet-doc_type-paatos").click()
        assert "doc_type=paatos" in page.url and "q=palkkatuki" in page.url, page.url
        assert page.get_by_test_id("total").inner_text() == "1"
        assert hits.get_attribute("data-record-id") == "d-paatos"
        screens.check("filtered")
        with page.expect_navigation():
            hits.get_by_test_id("case-link").click()
        assert page.get_by_test_id("case-diary").inner_text() == CASE
        rows = page.get_by_test_id("timeline-row")
        assert [r.get_attribute("data-record-id") for r in rows.all()] == ["d-paatos", "d-kirje"]
        screens.check("case")

        # the decision: metadata, page image, text; the original and the PDF, byte for byte
        with page.expect_navigation():
            rows.first.get_by_role("link").click()
        assert page.get_by_test_id("record-title").inner_text() == "Päätös palkkatuesta"
        assert "Palkkatuki" in page.get_by_test_id("record-text").inner_text()
        page.get_by_test_id("page-image").evaluate(
            "img => img.complete || new Promise(done => img.onload = done)"
        )
        assert page.get_by_test_id("page-image").evaluate("img => img.naturalWidth") > 0
        screens.check("record")
        decision = records["d-paatos"]
        assert _download(page, page.get_by_test_id("download-original")) == (
            decision.files[0].sha256
        )
        assert _download(page, page.get_by_test_id("download-pdf")) == (
            decision.derivatives[0].sha256
        )
        _logout(page)

        # archivist: the dashboard, and what is due for destruction by 2040
        _login(page, server, "arkistonhoitaja")
        page.goto(f"{server}/dashboard")
        assert "UUDELY" in page.locator("section[aria-labelledby=h-ingested]").inner_text()
        screens.check("dashboard")
        page.goto(f"{server}/disposition")
        page.get_by_label("Päivänä").fill("2040-01-01")
        with page.expect_navigation():
            page.get_by_role("button", name="Suodata").click()
        assert "as_of=2040-01-01" in page.url
        assert all(rid in page.inner_text("main") for rid in records), page.inner_text("main")
        screens.check("disposition")
        _logout(page)
    finally:
        print(
            f"\nsearch → case → record → downloads → lifecycle: "
            f"{time.perf_counter() - started:.2f} s; screenshots: {ARTIFACTS}"
        )
        context.close()
    assert not screens.violations, json.dumps(screens.violations, indent=1, ensure_ascii=False)
