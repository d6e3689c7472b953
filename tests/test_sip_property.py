"""Preservation SIPs, property-based: random valid series (from the SÄHKE2 property test's
strategies) with real generated image masters in every format arkki accepts always give a
package whose mets.xml passes the official mets.xsd and all 21 Schematron files."""

from __future__ import annotations

import hashlib
import io
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from archive_schema.record import RecordMetadata
from archive_schema.sip import write_sip
from infra.store import LocalObjectStore, original_key
from tests.mets_validator import MetsValidator
from tests.test_sahke2_property import INFO, PLAN, series
from tests.test_sip import MASTERS, SCHEMAS, sip_info

pytestmark = [pytest.mark.shared, pytest.mark.slow]
MODES = {media: [m for m in MASTERS if m[0] == media] for media, _, _ in MASTERS}


@pytest.fixture(scope="module")
def validator() -> Iterator[MetsValidator]:
    if not (SCHEMAS / "schematron").is_dir():
        pytest.skip(f"the national METS schemas are not under {SCHEMAS} (../shared is absent)")
    running = MetsValidator(SCHEMAS)
    assert len(running.rules) == 21
    yield running
    running.close()


def with_real_files(
    record: RecordMetadata, store: LocalObjectStore, draw: st.DataObject
) -> RecordMetadata:
    """The record with each original replaced by a real image of its media type (a random
    Pillow mode and resolution) and its derivative by a real PDF, all in ``store``."""
    files = []
    for i, file in enumerate(record.files):
        _, mode, options = draw.draw(st.sampled_from(MODES[file.media_type]))
        ppi = draw.draw(st.sampled_from([200, 300, 400, 600]))
        image = Image.new(mode, (80 + i, 60), 255 if mode in ("L", "1") else (250, 250, 250))
        image.putpixel((i, 0), 0 if mode in ("L", "1") else (0, 0, 0))
        buffer = io.BytesIO()
        image.save(buffer, **options, dpi=(ppi, ppi))
        data = buffer.getvalue()
        sha = hashlib.sha256(data).hexdigest()
        store.put_bytes(original_key(sha), data, file.media_type)
        files.append(
            file.model_copy(update={"sha256": sha, "size": len(data), "key": original_key(sha)})
        )
    derivatives = []
    for derivative in record.derivatives:
        pdf = io.BytesIO()
        Image.new("RGB", (60, 80), (255, 255, 255)).save(pdf, format="PDF", title=record.id)
        head = store.put_bytes(f"derivatives/{record.id}.pdf", pdf.getvalue(), "application/pdf")
        derivatives.append(derivative.model_copy(update={"sha256": head.sha256, "size": head.size}))
    return record.model_copy(update={"files": files, "derivatives": derivatives})


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(records_=series(), data=st.data())
def test_every_random_valid_series_gives_a_sip_that_passes_the_official_rules(
    validator: MetsValidator, tmp_path: Path, records_: list[RecordMetadata], data: st.DataObject
) -> None:
    folder = tmp_path / hashlib.sha256(repr(records_).encode()).hexdigest()[:12]
    store = LocalObjectStore(folder / "objects")
    stored = [with_real_files(r, store, data) for r in records_]
    report = write_sip(stored, PLAN, INFO, sip_info(), store, folder / "p.tar", None, folder / "w")
    assert report.files == sum(len(r.files) + len(r.derivatives) for r in stored)
    with tarfile.open(folder / "p.tar") as tar:
        tar.extract("mets.xml", folder, filter="data")
    assert validator.failures(folder / "mets.xml") == []
