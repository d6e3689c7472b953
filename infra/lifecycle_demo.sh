#!/usr/bin/env bash
# A full records lifecycle on the sample batch: ingest, approve, age the clock, list what is
# due, hold one record, destroy the rest, show the certificate, transfer a permanent case.
# Usage: bash infra/lifecycle_demo.sh   (after infra/setup.sh; runs in a fresh ARKKI_HOME)
set -euo pipefail
cd "$(dirname "$0")/.."
export ARKKI_HOME="${ARKKI_HOME:-$(mktemp -d /tmp/arkki-lifecycle.XXXXXX)}"
PY=.venv/bin/python
ARKKI=.venv/bin/arkki
AGED=2100-01-01
# the lifecycle commands, until they are mounted on `arkki` itself
lc() { $ARKKI "$@"; }
ids_where() { $PY - "$1" <<'PY'
import sqlite3, sys, os
db = sqlite3.connect(os.path.join(os.environ["ARKKI_HOME"], "catalog.sqlite"))
for (rid,) in db.execute("SELECT id FROM records WHERE status = ? ORDER BY id", (sys.argv[1],)):
    print(rid)
PY
}

echo "== ingest the sample batch into $ARKKI_HOME"
$ARKKI samples "$ARKKI_HOME/scans" --count 4 --seed 7 >/dev/null
$ARKKI ingest "$ARKKI_HOME/scans" --agency UUDELY || [ $? -eq 3 ]

echo "== review: approve every record in review; one becomes a permanent meeting record"
for id in $(ids_where needs_review); do
  $ARKKI correct "$id" --field records_class=00.01 --approve --by aino --reason "demo review" >/dev/null
done
first=$(ids_where stored | head -1)
$ARKKI correct "$first" --field records_class=00.02 --field diary_numbers=UUDELY/900/2017 \
  --by aino --reason "kokouspöytäkirja"
$ARKKI correct "$first" --field document_date=2017-05-02 --by aino >/dev/null

echo "== retention of one record"
lc retention "$(ids_where stored | tail -1)"

echo "== due today (nothing yet) and as of $AGED"
lc disposition list
lc disposition list --as-of "$AGED"

echo "== hold one record"
held=$(ids_where stored | tail -1)
lc hold add --ids "$held" --reason "tietopyyntö, oikeudenkäynti (demo)" --by aino
lc hold list

echo "== destroy the rest (two approvers: some records are not public)"
for klass in $($PY -c 'import json,sys; print(" ".join(g["class"] for g in json.load(sys.stdin)["classes"]))' \
    < <(lc disposition list --as-of "$AGED" --json)); do
  lc disposition destroy --class "$klass" --approved-by aino --second-approver bertil --as-of "$AGED"
done
lc disposition list --as-of "$AGED"

echo "== the destruction certificate"
cat "$ARKKI_HOME"/objects/certificates/*.txt | head -20

echo "== a held record cannot be corrected"
$ARKKI correct "$held" --field title=Muutettu --by aino || true

echo "== permanent records due for transfer, and the SIP"
lc disposition transfers --as-of "$AGED"
$ARKKI sip --case UUDELY/900/2017 --out "$ARKKI_HOME/sip-UUDELY-900-2017.tar" --unsigned \
  --dps-contract urn:uuid:0b0b0b0b-0000-4000-8000-000000000001 --contract "KA/1/2026" \
  --organisation "Esimerkkivirasto" --contact-name "Aino Arkisto" \
  --contact-address "Esimerkkikatu 1, Helsinki" --contact-phone "+358 29 000 0000" \
  --contact-email aino@example.fi || echo "(sip refused: see the problems above)"

echo "== fixity over everything left"
lc fixity --all
echo "== management report (CSV)"
lc report --format csv | head -20
