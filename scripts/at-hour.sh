#!/usr/bin/env bash
# Run a command as if the wall clock read HH:MM UTC (today, or tomorrow if that has passed), every child process
# included; monotonic clocks are untouched. For checking that tests pass at any hour, e.g. just before midnight UTC:
#   bash scripts/at-hour.sh 23:55 bash scripts/test.sh
#   bash scripts/at-hour.sh 17:05 .venv/bin/pytest tests/test_deployment_pg.py
# Needs gcc (the shim is compiled once into .venv/).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 HH:MM COMMAND [ARGS...]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
lib="$here/../.venv/timeshift.so"
if [ ! -f "$lib" ] || [ "$here/timeshift/timeshift.c" -nt "$lib" ]; then
  mkdir -p "$(dirname "$lib")"
  gcc -shared -fPIC -O2 -o "$lib" "$here/timeshift/timeshift.c" -ldl
fi
now=$(date -u +%s)
target=$(date -u -d "$(date -u +%F) $1" +%s)
[ "$target" -ge "$now" ] || target=$((target + 86400))
shift
export TIMESHIFT_SECONDS=$((target - now)) LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}"
exec "$@"
