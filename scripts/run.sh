#!/usr/bin/env bash
# One entry point for people and CI.
#   bash scripts/run.sh serve   install everything, build the full searchable site, serve it on http://127.0.0.1:8000
#   bash scripts/run.sh test    install everything (incl. Debian chromium for browser tests), run all tests
#   bash scripts/run.sh build   install, then build site/ with its search index
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1

install_python() {
  if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
}

install_browser() {
  # Browser tests use Debian's chromium (Playwright's own browser download cannot work offline).
  if [ ! -x /usr/bin/chromium ] || ! command -v pdftoppm >/dev/null; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium poppler-utils >/dev/null
  fi
}

case "${1:-}" in
  serve)
    install_python
    .venv/bin/twg build
    .venv/bin/twg serve --dev-addr "${TWG_ADDR:-127.0.0.1:8000}"
    ;;
  build)
    install_python
    .venv/bin/twg build
    ;;
  test)
    install_python
    install_browser
    shift || true
    .venv/bin/python -m pytest -n "${TWG_TEST_WORKERS:-2}" "$@"
    ;;
  *)
    echo "usage: bash scripts/run.sh serve|build|test [pytest args]" >&2
    exit 2
    ;;
esac
