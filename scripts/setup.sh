#!/usr/bin/env bash
# Idempotent setup for a fresh Debian/Ubuntu machine: system packages, then a project venv in .venv.
# Runs as root or with sudo. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# libVLC 3 with its base and video-output plugins; Xvfb for headless runs and tests; ffmpeg to make demo
# media and grab the screen in tests; poppler for reading PDFs back; zbar to decode the QR codes printed on them;
# fonts for documents; PostgreSQL server binaries for the test suite's throwaway cluster; the xcb libraries Qt
# needs on X11; LibreOffice Calc (headless) to recalculate the report workbooks in tests, as a spreadsheet would.
PKGS=(python3 python3-venv python3-dev libvlc5 vlc-plugin-base vlc-plugin-video-output xvfb xauth ffmpeg
      poppler-utils zbar-tools fonts-dejavu-core fonts-liberation2 imagemagick x11-utils libreoffice-calc-nogui
      libxcb-cursor0 libegl1 libgl1 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
      libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libfontconfig1 libdbus-1-3)
if ! command -v pg_ctl >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  PKGS+=(postgresql)
fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "setup: installing Python packages into .venv (log: .venv/pip.log)"
  if ! .venv/bin/pip install --upgrade -e ".[test]" >.venv/pip.log 2>&1; then
    tail -30 .venv/pip.log >&2
    echo "setup: pip install failed; see .venv/pip.log" >&2
    exit 1
  fi
  rm -f .venv/.installed-*
  touch "$stamp"
fi
