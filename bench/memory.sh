#!/usr/bin/env bash
# Memory of a cdnsim edge under a Zipf load over a catalog many times its cache: the cache's own byte count,
# the JVM's live heap after a full GC (jcmd GC.class_histogram), and the process RSS, before and after.
#
# Usage (as root only to install wrk/nginx; needs the peer scripts' origin, /work/shared/bench/http-peers.sh):
#   bench/memory.sh
# Knobs (environment, all optional):
#   CACHE=64MiB HEAP=512m            the edge's --cache-size and -Xms/-Xmx
#   DURATION=60 CONNS=50             wrk -c$CONNS -d${DURATION}s with the peers' zipf.lua (alpha 0.9 over
#   ZIPF_N=100000                    ZIPF_N objects of 10 KiB: 100 000 x 10 KiB = 977 MiB, 15x a 64 MiB cache)
#   EDGE_PORT=9300                   where the edge listens (127.0.0.1); the origin is the peers' on 18080
#   CDNSIM_JAR=topology/target/cdnsim.jar   SHARED_BENCH=/work/shared/bench
#   CLASSES=12                       also list the classes whose live bytes grew most, per cache entry (0: none)
# Starts the origin (ORIGIN_ONLY=1 http-peers.sh) unless one answers on 18080, and stops only what it started.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${CACHE:-64MiB}"; HEAP="${HEAP:-512m}"; DURATION="${DURATION:-60}"; CONNS="${CONNS:-50}"
export ZIPF_N="${ZIPF_N:-100000}"
EDGE_PORT="${EDGE_PORT:-9300}"; CLASSES="${CLASSES:-12}"
CDNSIM_JAR="${CDNSIM_JAR:-$ROOT/topology/target/cdnsim.jar}"
SHARED_BENCH="${SHARED_BENCH:-/work/shared/bench}"
. "$ROOT/bench/common.sh"
bench_java
command -v wrk >/dev/null || { apt-get update -q >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null; }

PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done
  bench_origin_stop
  if [[ -n "${HIST:-}" ]]; then rm -rf "$HIST"; fi
}
trap cleanup EXIT
curl -sf -o /dev/null http://127.0.0.1:18080/z/1 || bench_origin_start

"$JAVA" $JAVA_FLAGS -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseParallelGC -jar "$CDNSIM_JAR" edge --listen "127.0.0.1:$EDGE_PORT" \
  --origin http://127.0.0.1:18080 --cache-size "$CACHE" --id memory >/dev/null 2>&1 & EDGE=$!; PIDS+=($EDGE)
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$EDGE_PORT/_edge/health" && break; sleep 0.2; done

# A full GC, then the bytes of live objects; without the filler arrays the GC lays over unused heap space. The
# histogram is kept (HIST, one line per class: instances, bytes, name) for the per-class growth below.
HIST="$(mktemp -d -t edge-memory.XXXXXX)"
live_heap() { "$JCMD" "$EDGE" GC.class_histogram | awk '$1 ~ /^[0-9]+:$/ && $4 !~ /FillerElement/ {print $2, $3, $4}' > "$HIST/$1"
  awk '{s += $2} END {print s}' "$HIST/$1"; }
rss() { awk '/VmRSS/{print $2 * 1024}' "/proc/$EDGE/status"; }
stat() { curl -s "http://127.0.0.1:$EDGE_PORT/_edge/stats" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['$1'])"; }

HEAP0=$(live_heap before); RSS0=$(rss)
wrk -t1 -c"$CONNS" -d"${DURATION}s" -s "$SHARED_BENCH/zipf.lua" "http://127.0.0.1:$EDGE_PORT/" > /dev/null
HEAP1=$(live_heap after); RSS1=$(rss)
BYTES=$(stat cacheBytes); ENTRIES=$(stat cacheEntries); HITS=$(stat hits); MISSES=$(stat misses)
MAX=$(python3 -c "import re; m=re.fullmatch(r'(\d+)(KiB|MiB|GiB)?', '$CACHE'); print(int(m[1]) * {None: 1, 'KiB': 1024, 'MiB': 1 << 20, 'GiB': 1 << 30}[m[2]])")
python3 - <<PY
mib = lambda b: b / 1048576
heap0, heap1, rss0, rss1, cache, entries, maxb = $HEAP0, $HEAP1, $RSS0, $RSS1, $BYTES, $ENTRIES, $MAX
body = entries * 10240
print(f"## Edge memory: Zipf alpha 0.9 over $ZIPF_N x 10 KiB, --cache-size $CACHE, -Xmx$HEAP, {$DURATION} s of wrk -c$CONNS")
print()
print("| measure | value |")
print("|---|---:|")
print(f"| requests (hits / misses) | {$HITS + $MISSES:,} ({$HITS:,} / {$MISSES:,}), hit ratio {$HITS / max(1, $HITS + $MISSES):.3f} |")
print(f"| cache bytes (weigher) / bound | {cache:,} / {maxb:,} ({cache / maxb:.4f}) |")
print(f"| entries | {entries:,} |")
print(f"| live heap after full GC, before load | {mib(heap0):.1f} MiB |")
print(f"| live heap after full GC, after load | {mib(heap1):.1f} MiB |")
print(f"| live heap grown by the load | {mib(heap1 - heap0):.1f} MiB = cache bound x {(heap1 - heap0) / maxb:.3f} |")
print(f"| of which body bytes (entries x 10 KiB) | {mib(body):.1f} MiB |")
print(f"| heap per entry beyond its body | {(heap1 - heap0 - body) / max(1, entries):.0f} bytes (the weigher counts {(cache - body) / max(1, entries):.0f}) |")
print(f"| process RSS before / after | {mib(rss0):.0f} / {mib(rss1):.0f} MiB |")
PY
if [[ "$CLASSES" -gt 0 ]]; then
  echo
  echo "Live bytes grown per class, per cache entry (top $CLASSES; [B includes the bodies):"
  echo
  echo "| class | instances per entry | bytes per entry |"
  echo "|---|---:|---:|"
  awk -v n="$ENTRIES" 'NR == FNR {i0[$3] = $1; b0[$3] = $2; next}
    {di = $1 - i0[$3]; db = $2 - b0[$3]; if (db > 0) printf "%d %s %.2f %.1f\n", db, $3, di / n, db / n}' \
    "$HIST/before" "$HIST/after" | sort -rn | head -n "$CLASSES" | awk '{printf "| %s | %s | %s |\n", $2, $3, $4}'  || true
fi
