#!/usr/bin/env bash
# Set up (idempotent) and run the whole test suite: ruff, the import contracts, then pytest (SQLite, a real
# throwaway PostgreSQL, real libVLC under Xvfb). pytest's "no tests collected" (exit 5) is a failure here.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
export PATH="$PWD/.venv/bin:$PATH"
ruff check . || exit 1
ruff format --check . || exit 1
lint-imports || exit 1
mypy || exit 1  # strict on the ground floor and the plain-Python domain (videotron/core, playlists/, billing/): see [tool.mypy]
# Two runs: everything but the player's wall-clock measurements on every core (pytest-xdist), then those alone, one
# at a time, on a machine with nothing else of ours running (a timing bound is only meaningful on a quiet PC).
pytest -m "not timing" -n auto --dist loadfile "$@"  # a file's tests together: some count across a file
rest=$?
pytest -m timing -p no:xdist "$@"
timing=$?
if [ "$rest" -eq 5 ] && [ "$timing" -eq 5 ]; then
  echo "test.sh: pytest collected no tests - that is a failure" >&2
  exit 1
fi
for rc in "$rest" "$timing"; do
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 5 ]; then
    exit "$rc"
  fi
done
exit 0
