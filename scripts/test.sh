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
# Two runs at once. The tests marked `timing` measure the player against the wall clock (frames grabbed from a real X
# server): they run one at a time, at normal priority. Everything else runs beside them on every core (pytest-xdist)
# at the lowest CPU and I/O priority - what a kiosk's own background work is (issue #19 asks the player to keep its
# bounds beside `nice -n 19 stress-ng`) - and its report is printed once both are done.
rest_log="$(mktemp)"
trap 'rm -f "$rest_log"' EXIT
low=(nice -n 19)
if command -v ionice >/dev/null; then low+=(ionice -c 3); fi
"${low[@]}" pytest -m "not timing" -n auto --dist loadfile "$@" >"$rest_log" 2>&1 &  # a file's tests together
rest_pid=$!
pytest -m timing -p no:xdist "$@"
timing=$?
wait "$rest_pid"
rest=$?
echo "---- the tests not marked timing (run beside the timing run, at nice 19) ----"
cat "$rest_log"
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
