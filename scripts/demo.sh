#!/usr/bin/env bash
# Set everything up and run the main job on the bundled sample corpus.
# The briefing lands in out/index.html.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
rm -f out/wirewatch.db out/wirewatch.db-wal out/wirewatch.db-shm
mkdir -p out
wirewatch run examples/corpus --db out/wirewatch.db --out out
echo "Open out/index.html in a browser."
