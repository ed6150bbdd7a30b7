#!/usr/bin/env bash
# Benchmark `twg build` against Hugo on a synthetic archive, on this machine, in one run.
#   bash bench/run.sh             1k / 2.5k / 5k meetings, 5k with round PDFs (first build: minutes),
#                                 Hugo + Pagefind reference, serve edit loop
#   bash bench/run.sh --smoke     a tiny archive: checks every step quickly (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1
if [ ! -x .venv/bin/twg ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
fi
if ! command -v hugo >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq hugo >/dev/null
fi
exec .venv/bin/python bench/bench.py "$@"
