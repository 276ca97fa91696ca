#!/usr/bin/env bash
# Cache hits and the Zipf miss test beside nginx proxy_cache and Varnish, with the peers' script
# (/work/shared/bench/http-peers.sh), cdnsim's edge as its extra column. Two edges, both started under
# `taskset -c 1` like the peers (so the JVM sizes itself for one CPU: one event loop, serial GC):
# :9000 with a big cache for the hit runs, :9001 with the script's 64 MiB for the miss test.
# The hit edge's JIT is warmed first against a throwaway origin (WARMUP seconds per object size, 20 by
# default: 8 s left the 100 KiB path about 10 % short of its steady rate), then its cache is purged (the
# script's objects are new random bytes on every run and must not be found stale), warmed again a quarter as
# long and purged again (see below). The miss edge's JIT is warmed with the Zipf load itself (MISS_WARMUP
# seconds, 40 by default: a cold edge spends 300 µs of CPU per miss-test request in its first 5 s and 17 µs
# once compiled, after some 35 s), then purged of everything, which starts it on a fresh cache: W-TinyLFU's
# history is forgotten too, so the miss test measures the policy from empty, as for the peers.
#
# Usage (as root: the peers' script installs nginx, varnish and wrk): bench/hits.sh > run.md
# Knobs: CDNSIM_JAR (default topology/target/cdnsim.jar), EDGE_JVM_OPTS (default -Xms1g -Xmx1g), WARMUP,
#        MISS_WARMUP, SHARED_BENCH (default /work/shared/bench); SIZES, ROUNDS, DURATION, SKIP_MISS … pass through to it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CDNSIM_JAR="${CDNSIM_JAR:-$ROOT/topology/target/cdnsim.jar}"
SHARED_BENCH="${SHARED_BENCH:-/work/shared/bench}"
EDGE_JVM_OPTS="${EDGE_JVM_OPTS:--Xms1g -Xmx1g}"
WARMUP="${WARMUP:-20}"; MISS_WARMUP="${MISS_WARMUP:-40}"
. "$ROOT/bench/common.sh"
bench_java
edge() { taskset -c 1 "$JAVA" $JAVA_FLAGS $EDGE_JVM_OPTS -jar "$CDNSIM_JAR" edge --origin http://127.0.0.1:18080 "$@" >/dev/null 2>&1 & }
wait_url() { for _ in $(seq 150); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done; echo "no answer at $1" >&2; exit 1; }

PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done
  bench_origin_stop
}
trap cleanup EXIT

bench_origin_start   # a throwaway origin for the warm-up
edge --listen 127.0.0.1:9000 --cache-size 512MiB --id bench; PIDS+=($!); HIT=$!
edge --listen 127.0.0.1:9001 --cache-size 64MiB --id small; PIDS+=($!); MISS=$!
wait_url http://127.0.0.1:9000/_edge/health
warm() { for s in 1k 10k 100k 1m; do taskset -c 0 wrk -t1 -c50 -d"$1s" "http://127.0.0.1:9000/$s.bin" >/dev/null; done; }
warm "$WARMUP"
# The first purge takes branches the hit path's compiled code has never seen (a POST, a query string, removals):
# the JIT throws that code away and recompiles it on the edge's one CPU, and the next 10-20 s of hits ran at
# 75,000 rather than 88,000 requests/s with a p99 of 5 ms (run S's first 1 KiB round). So purge once, warm again
# until the code is compiled anew, and only then make the purge the measurement starts from.
curl -sf -X POST "http://127.0.0.1:9000/_edge/purge?all=true" >/dev/null
warm $(( WARMUP / 4 > 5 ? WARMUP / 4 : 5 ))
curl -sf -X POST "http://127.0.0.1:9000/_edge/purge?all=true" >/dev/null
if [[ "${SKIP_MISS:-0}" != 1 && "$MISS_WARMUP" -gt 0 ]]; then
  wait_url http://127.0.0.1:9001/_edge/health
  ZIPF_SEED=77 taskset -c 0 wrk -t1 -c50 -d"${MISS_WARMUP}s" -s "$SHARED_BENCH/zipf.lua" http://127.0.0.1:9001/ >/dev/null
  curl -sf -X POST "http://127.0.0.1:9001/_edge/purge?all=true" >/dev/null
fi
bench_origin_stop

cd "$SHARED_BENCH"
EXTRA_NAME=cdnsim EXTRA_HTTP_URL=http://127.0.0.1:9000 EXTRA_HTTP_MISS_URL=http://127.0.0.1:9001 \
  EXTRA_HTTP_PID="$HIT $MISS" \
  EXTRA_HIT_CMD="curl -s http://127.0.0.1:9001/_edge/stats | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[\"hits\"], d[\"misses\"])'" \
  ./http-peers.sh
