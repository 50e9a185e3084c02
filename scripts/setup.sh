#!/usr/bin/env bash
# Idempotent set-up: Debian packages when missing, a virtual env, the Python deps.
# Safe to run again; does nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need_apt+=(qpdf)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)  # axe-core, for the accessibility tests
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; else SUDO=; fi
  echo "setup: installing Debian packages: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

stamp="$VENV/.installed"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing Python dependencies into $VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -e ".[dev,cluster]"
  touch "$stamp"
fi

# From the npm registry, pinned in package-lock.json: plotly.js's cartesian bundle (of plotly.py's
# own plotly.js release), which Chromium is ready with sooner than the full one (builds work
# without it, only slower), and axe-core, which the tests run on the accessible edition.
stamp_js=node_modules/.reportgen-installed
if [ ! -f "$stamp_js" ] || [ package-lock.json -nt "$stamp_js" ]; then
  echo "setup: installing plotly.js's cartesian bundle and axe-core"
  npm ci --no-audit --no-fund --silent
  touch "$stamp_js"
fi
