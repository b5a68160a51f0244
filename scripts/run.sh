#!/usr/bin/env bash
# One command: install what is missing, build, start Triad.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
exec build/app/triad "$@"
