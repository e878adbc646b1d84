#!/usr/bin/env bash
# First command of the README: set up, seed the demo corpus into an empty store, and
# open the app on http://127.0.0.1:7860 (arguments go to `tca serve`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/tca serve "$@"
