#!/usr/bin/env bash
# Load test from scratch: a fresh PostgreSQL database with the demo desk,
# gunicorn + `rightthere worker`, then locust headless with CSV stats.
#
#   benchmarks/load/run.sh                    # 50 users for 10 minutes
#   USERS=50 DURATION=1m benchmarks/load/run.sh   # smoke run
#   FRESH=1 benchmarks/load/run.sh            # also re-seed the demo desk
#
# Results: var/load/stats_stats.csv (per endpoint), var/load/stats_failures.csv,
# var/load/summary.md (the table for docs/benchmarks.md), server and worker logs.
# Needs: .venv with locust and gunicorn (pip install -e '.[dev,prod]').
set -euo pipefail
cd "$(dirname "$0")/../.."

USERS=${USERS:-50}
SPAWN_RATE=${SPAWN_RATE:-5}
DURATION=${DURATION:-10m}
WORKERS=${WORKERS:-4}
CASES=${CASES:-2000}
PORT=${PORT:-8620}
DB=${DB:-rt_load_bench}
OUT=var/load

export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export DEBUG=0
export SECRET_KEY="load-test-only-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
export SECURE_COOKIES=0                 # plain http on 127.0.0.1
export ALLOWED_HOSTS=127.0.0.1,localhost
export RIGHTTHERE_DATA_DIR="$PWD/$OUT/data"
export WEB_FORM_MAX_PER_IP=1000000      # every simulated customer comes from 127.0.0.1
export EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend  # the worker "sends" mail
export BASE_URL="http://127.0.0.1:$PORT"
# Log-in limiting counts failed log-ins only (LOGIN_MAX_FAILURES), so it needs no override.

rm -rf "$OUT" && mkdir -p "$OUT/data"
# Seeding goes through the real actions (minutes for 2,000 cases), so the seeded
# desk is kept as a template database ${DB}_seed_<cases>; FRESH=1 rebuilds it.
SEED="${DB}_seed_${CASES}"
psql_q() { psql -h 127.0.0.1 -U postgres -qAt "$@"; }
if [ "${FRESH:-0}" = 1 ] || [ -z "$(psql_q -c "SELECT 1 FROM pg_database WHERE datname='$SEED'")" ]; then
    psql_q -c "DROP DATABASE IF EXISTS $SEED WITH (FORCE)" -c "CREATE DATABASE $SEED"
    DATABASE_URL="postgres://postgres@127.0.0.1:5432/$SEED" .venv/bin/rightthere migrate -v0
    DATABASE_URL="postgres://postgres@127.0.0.1:5432/$SEED" .venv/bin/rightthere seed-demo --cases "$CASES"
fi
psql_q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB TEMPLATE $SEED"
.venv/bin/rightthere migrate -v0   # in case migrations were added since the seed
.venv/bin/rightthere collectstatic --noinput -v0

pids=()
cleanup() { for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

setsid .venv/bin/rightthere worker > "$OUT/worker.log" 2>&1 &
pids+=($!)
setsid .venv/bin/gunicorn rightthere.wsgi:application --bind "127.0.0.1:$PORT" \
    --workers "$WORKERS" --timeout 60 --access-logfile "$OUT/access.log" \
    > "$OUT/gunicorn.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/health/" && break; sleep 0.3; done

started=$(date -u '+%Y-%m-%d %H:%M UTC')
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
status=0
.venv/bin/locust -f benchmarks/load/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
    --users "$USERS" --spawn-rate "$SPAWN_RATE" --run-time "$DURATION" --stop-timeout 10 \
    --csv "$OUT/stats" --only-summary > "$OUT/locust.log" 2>&1 || status=$?
tail -n 60 "$OUT/locust.log"

.venv/bin/python - "$OUT" "$started" "$load_start" "$USERS" "$DURATION" "$WORKERS" "$CASES" <<'PY'
import csv, sys
out, started, load, users, duration, workers, cases = sys.argv[1:]
rows = list(csv.DictReader(open(f"{out}/stats_stats.csv")))
lines = [f"Run {started}: {users} users for {duration}, gunicorn {workers} sync workers, "
         f"demo desk seeded with {cases} cases, load average at start {load}.", "",
         "| endpoint | requests | failures | p50 ms | p95 ms | p99 ms | max ms | req/s |",
         "|---|---:|---:|---:|---:|---:|---:|---:|"]
for r in rows:
    name = r["Name"] if r["Name"] != "Aggregated" else "**all requests**"
    lines.append(f"| {name} | {r['Request Count']} | {r['Failure Count']} "
                 f"| {r['50%']} | {r['95%']} | {r['99%']} | {float(r['Max Response Time']):.0f} "
                 f"| {float(r['Requests/s']):.1f} |")
open(f"{out}/summary.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
grep -c " 5[0-9][0-9] " "$OUT/access.log" | sed 's/^/server errors in the access log: /' || true
exit $status
