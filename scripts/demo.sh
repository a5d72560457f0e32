#!/usr/bin/env bash
# Set up (idempotent) and run the demo office in its own folder and SQLite database (never the office's),
# generated media, today's plan, the player (under Xvfb when there is no display), SKRD and receipt PDFs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/videotron demo "$@"
