#!/usr/bin/env bash
# Configures and builds Triad into build/ (incremental; ccache when present).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${TRIAD_JOBS:-$(nproc)}
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build build -j "$jobs"
