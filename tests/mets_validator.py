"""Validate METS files against the national profile in ../shared: the official mets.xsd and
every Schematron file, as ../shared/tools/validate_mets.py does, compiling them once.

Run as a script (libxml2 reads XML_CATALOG_FILES when it loads, so the catalog must be in the
environment of a fresh process): ``python tests/mets_validator.py SCHEMAS_DIR FILE...``.
Prints one JSON object: file → list of failures ("XSD ..." or "<rule file>: <message>").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}


def validate_files(schemas_dir: Path, files: list[Path]) -> dict[str, list[str]]:
    """Run this module in a subprocess with the schema catalog set; file → failures."""
    env = dict(os.environ)
    env["XML_CATALOG_FILES"] = str(schemas_dir / "schema_catalogs" / "catalog_main.xml")
    result = subprocess.run(
        [sys.executable, __file__, str(schemas_dir), *map(str, files)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(result.stdout))


class MetsValidator:
    """One validator process kept running: the schemas are compiled once, then each
    ``failures(path)`` costs only the validation itself (for property tests)."""

    def __init__(self, schemas_dir: Path) -> None:
        env = dict(os.environ)
        env["XML_CATALOG_FILES"] = str(schemas_dir / "schema_catalogs" / "catalog_main.xml")
        self._process = subprocess.Popen(
            [sys.executable, __file__, str(schemas_dir), "--serve"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.rules = self._read()

    def _read(self) -> list[str]:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError("the METS validator process stopped")
        return list(json.loads(line))

    def failures(self, path: Path) -> list[str]:
        assert self._process.stdin is not None
        self._process.stdin.write(f"{path}\n")
        self._process.stdin.flush()
        return self._read()

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=30)


def _main(schemas_dir: Path, files: list[str]) -> None:
    from lxml import etree, isoschematron

    xsd = etree.XMLSchema(etree.parse(str(schemas_dir / "schema_catalogs/schemas/mets/mets.xsd")))
    rules = [
        (path.name, isoschematron.Schematron(etree.parse(str(path)), store_report=True))
        for path in sorted((schemas_dir / "schematron").glob("*.sch"))
    ]

    def check(name: str) -> list[str]:
        doc = etree.parse(name)
        failures = []
        if not xsd.validate(doc):
            failures += [f"XSD line {e.line}: {e.message}" for e in xsd.error_log]
        for rule_name, rule in rules:
            rule.validate(doc)
            texts = rule.validation_report.xpath(
                "//svrl:failed-assert/svrl:text/text()", namespaces=SVRL
            )
            failures += [f"{rule_name}: {' '.join(t.split())}" for t in texts]
        return failures

    if files == ["--serve"]:
        print(json.dumps([name for name, _ in rules]), flush=True)
        for line in sys.stdin:
            print(json.dumps(check(line.strip())), flush=True)
        return
    report: dict[str, list[str]] = {name: check(name) for name in files}
    report["_rules"] = [name for name, _ in rules]
    print(json.dumps(report))


if __name__ == "__main__":
    _main(Path(sys.argv[1]), sys.argv[2:])
