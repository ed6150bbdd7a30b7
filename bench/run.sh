#!/usr/bin/env bash
# Benchmark `twg build` against Hugo on a synthetic archive, on this machine, in one run.
#   bash bench/run.sh             1k / 2.5k / 5k meetings, 5k with round PDFs (first build: minutes),
#                                 Hugo + Pagefind reference, serve edit loop
#   bash bench/run.sh --smoke     a tiny archive: checks every step quickly (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1
bash scripts/run.sh install-build  # the same environment as a real build (PDFs by Chromium)
if ! command -v hugo >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq hugo >/dev/null
fi
exec .venv/bin/python bench/bench.py "$@"
