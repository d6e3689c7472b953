#!/usr/bin/env bash
# One command from a fresh machine to searchable records: set up, generate a sample batch of
# degraded Finnish and Swedish scans, ingest it, and run a sample search.
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/setup.sh
export ARKKI_HOME=${ARKKI_HOME:-$PWD/arkki-data}
batch=$ARKKI_HOME/sample-batch
[ -d "$batch" ] || .venv/bin/arkki samples "$batch" --count 12
status=0
.venv/bin/arkki ingest "$batch" --agency UUDELY || status=$?
[ "$status" -eq 0 ] || [ "$status" -eq 3 ] || exit "$status"
echo
echo "Results are in $ARKKI_HOME (objects/, catalog.sqlite, index/)."
echo "Sample search: arkki search palkkatuki"
.venv/bin/arkki search palkkatuki --limit 5
