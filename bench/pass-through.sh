#!/usr/bin/env bash
# Pass-through (uncached) requests/s and latency, side by side in one run: nginx proxy_pass, HAProxy and
# cdnsim's edge with a pass route (`cdnsim edge --pass /`), each proxying to the same origin, an nginx
# serving one 1 KiB file with "Cache-Control: no-store". Every request goes through to the origin.
#
# Usage (as root: installs wrk nginx haproxy from Debian when missing):
#   bench/pass-through.sh
# Knobs (environment, all optional):
#   DURATION=10 CONNS=32 THREADS=1 ROUNDS=3   wrk -t$THREADS -c$CONNS -d${DURATION}s, systems alternate per round,
#                                             in an order that changes each round: odd rounds the listed order,
#                                             even rounds its reverse, each turned by one every two rounds, so that
#                                             every system runs in every place and after every other one
#   PEER_HEADERS=same                         same (like for like): nginx and HAProxy do the work the edge must do,
#                                             the client's Host, X-Forwarded-For/-Proto/-Host, Forwarded and Via to
#                                             the origin, Via, X-Cache and Cache-Status to the client; bare: their
#                                             defaults, no fields (nginx sends its upstream's name as Host), which
#                                             also spares wrk and the origin, on the load CPU, those fields' parsing
#   HOST_HEADER=www.example.com               the Host wrk sends (a CDN's clients name a site); empty: wrk's own,
#                                             the IP address (Undertow checks IP-literal Hosts with a regex)
#   WARMUP=45                                 seconds of unreported load per system first, in 5 s runs (the edge's
#                                             JIT needs it, with connections closing and opening: on one CPU, C2
#                                             compiles XNIO's event loop about 38 s into the load)
#   SERVER_CPU=1 LOAD_CPU=0                   proxies on SERVER_CPU; wrk and the origin on LOAD_CPU (taskset)
#   PROXY_CPU_QUOTA=                          a percentage of one CPU (e.g. 50): each proxy runs in a cgroup of its own
#                                             whose CPU time is capped at that share (CFS bandwidth, cgroup v1 or v2),
#                                             so that the proxy, not wrk and the origin, is what binds; empty: no cap
#   PROXY_CPU_PERIOD_US=10000                 the cap's period: the proxy runs at most QUOTA % of each such period
#   ORIGIN_PORT=18180 NGX_PORT=18181 HAPROXY_PORT=18182 EDGE_PORT=18183   all on 127.0.0.1
#   CDNSIM_JAR=topology/target/cdnsim.jar     the shaded jar (build it with ./cdnsim --help)
#   EDGE_JVM_OPTS="-Xms1g -Xmx1g"             JVM options of the edge; it is started under taskset -c $SERVER_CPU,
#                                             so it sees one CPU (add -XX:ActiveProcessorCount=N to change that)
#   SYSTEMS="nginx haproxy cdnsim"            which proxies to run; add "cdnsim-b" for a second edge, from
#                                             CDNSIM_B_JAR (and EDGE_B_JVM_OPTS) on EDGE_B_PORT=18184: an A/B of two
#                                             builds or two sets of JVM options, "cdnsim-b over cdnsim" paired by round
#   KEEP_RAW=<dir>                            copy wrk outputs and the edge's log there
#   PERF_EVENTS=raw_syscalls:sys_enter,context-switches   count these perf events on each core during every round
#                                             and log them per request (proxy core / load core): where a proxy's
#                                             cost goes (system calls, wakeups) on a machine where perf has no cycles
#   SKIP_INSTALL=1                            do not apt-get install
# Stops only what it started; its files live in a temporary folder that is removed at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${DURATION:-10}"; CONNS="${CONNS:-32}"; THREADS="${THREADS:-1}"; ROUNDS="${ROUNDS:-3}"; WARMUP="${WARMUP:-45}"
SERVER_CPU="${SERVER_CPU:-1}"; LOAD_CPU="${LOAD_CPU:-0}"
ORIGIN_PORT="${ORIGIN_PORT:-18180}"; NGX_PORT="${NGX_PORT:-18181}"; HAPROXY_PORT="${HAPROXY_PORT:-18182}"
EDGE_PORT="${EDGE_PORT:-18183}"; EDGE_B_PORT="${EDGE_B_PORT:-18184}"
HOST_HEADER="${HOST_HEADER-www.example.com}"
PEER_HEADERS="${PEER_HEADERS:-same}"
case $PEER_HEADERS in
  bare) NGX_FIELDS=''; HAPROXY_FIELDS='';;
  same)
    NGX_FIELDS='proxy_set_header Host $host; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme; proxy_set_header X-Forwarded-Host $host;
      proxy_set_header Forwarded "for=$remote_addr;proto=$scheme;host=$host"; proxy_set_header Via "1.1 nginx";
      add_header Via "1.1 nginx"; add_header X-Cache PASS;
      add_header Cache-Status "nginx; fwd=bypass; detail=route; fwd-status=$upstream_status";'
    HAPROXY_FIELDS='  option forwardfor
  http-request set-header X-Forwarded-Proto http
  http-request set-header X-Forwarded-Host %[req.hdr(host)]
  http-request add-header Forwarded for=%[src];proto=http;host=%[req.hdr(host)]
  http-request add-header Via "1.1 haproxy"
  http-response add-header Via "1.1 haproxy"
  http-response set-header X-Cache PASS
  http-response set-header Cache-Status "haproxy; fwd=bypass; detail=route; fwd-status=%[status]"';;
  *) echo "PEER_HEADERS is bare or same, not $PEER_HEADERS" >&2; exit 1;;
esac
WRK_HOST=(); [[ -n "$HOST_HEADER" ]] && WRK_HOST=(-H "Host: $HOST_HEADER")
CDNSIM_JAR="${CDNSIM_JAR:-$ROOT/topology/target/cdnsim.jar}"
EDGE_JVM_OPTS="${EDGE_JVM_OPTS:--Xms1g -Xmx1g}"
SYSTEMS="${SYSTEMS:-nginx haproxy cdnsim}"
NGINX=/usr/sbin/nginx; HAPROXY=/usr/sbin/haproxy

if [[ "${SKIP_INSTALL:-0}" != 1 ]]; then
  if ! command -v wrk >/dev/null || [[ ! -x $NGINX || ! -x $HAPROXY ]] || ! command -v curl >/dev/null; then
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx haproxy wrk curl >/dev/null
  fi
fi
if [[ " $SYSTEMS " == *" cdnsim"* ]]; then
  . "$ROOT/bench/common.sh"
  bench_java
  EDGE_JVM_OPTS="$JAVA_FLAGS $EDGE_JVM_OPTS"
fi

for p in $ORIGIN_PORT $NGX_PORT $HAPROXY_PORT $EDGE_PORT $EDGE_B_PORT; do
  if ss -Hltn "sport = :$p" | grep -q .; then echo "port $p already in use (change the *_PORT knobs)" >&2; exit 1; fi
done

W="$(mktemp -d -t passthrough.XXXXXX)"
chmod 755 "$W"
PIDS=(); CGROUPS=()
cleanup() {
  local p
  for p in "${PIDS[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in "${PIDS[@]:-}"; do [[ -n "$p" ]] && kill -9 "$p" 2>/dev/null || true; done
  for p in "${CGROUPS[@]:-}"; do [[ -n "$p" ]] && rmdir "$p" 2>/dev/null || true; done
  rm -rf "$W"
}
trap cleanup EXIT INT TERM
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# PROXY_CPU_QUOTA: where a proxy's cgroup goes, and how its cap is written (cgroup v1's cpu controller or v2's).
PROXY_CPU_PERIOD_US="${PROXY_CPU_PERIOD_US:-10000}"
CG_ROOT=""
if [[ -n "${PROXY_CPU_QUOTA:-}" ]]; then
  if [[ -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]]; then CG_ROOT=/sys/fs/cgroup/cpu
  elif grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null; then CG_ROOT=/sys/fs/cgroup
  else echo "PROXY_CPU_QUOTA needs the cgroup cpu controller (v1 /sys/fs/cgroup/cpu or v2 with cpu enabled)" >&2; exit 1; fi
fi
declare -A CGROUP=()
# Runs "$@" in the background, in the cgroup of system $1 when PROXY_CPU_QUOTA is set (its children too).
run_capped() { # $1=system, then the command
  local sys=$1; shift
  if [[ -z "$CG_ROOT" ]]; then "$@" & return; fi
  local cg="$CG_ROOT/passthrough-$$-$sys" quota=$((PROXY_CPU_PERIOD_US * PROXY_CPU_QUOTA / 100))
  mkdir "$cg"; CGROUPS+=("$cg"); CGROUP[$sys]=$cg
  if [[ -f "$cg/cpu.max" ]]; then echo "$quota $PROXY_CPU_PERIOD_US" > "$cg/cpu.max"
  else echo "$PROXY_CPU_PERIOD_US" > "$cg/cpu.cfs_period_us"; echo "$quota" > "$cg/cpu.cfs_quota_us"; fi
  sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$cg" "$@" &
}
# Times the cap stopped system $1 so far (cpu.stat's nr_throttled), or "-" without a cap.
throttled() { [[ -n "${CGROUP[$1]:-}" ]] && awk '$1=="nr_throttled"{print $2}' "${CGROUP[$1]}/cpu.stat" || echo -; }

mkdir -p "$W/www"
head -c 1024 /dev/urandom > "$W/www/1k.bin"
USERLINE=""; [[ $(id -u) == 0 ]] && USERLINE="user root;"

ngx_conf() { # $1=name $2=port $3=server-block body
  mkdir -p "$W/$1"
  cat > "$W/$1/nginx.conf" <<EOF
$USERLINE
worker_processes 1;
pid $W/$1/nginx.pid;
error_log $W/$1/error.log warn;
daemon off;
events { worker_connections 4096; }
http {
  types { application/octet-stream bin; }
  default_type application/octet-stream;
  access_log off;
  sendfile on; tcp_nopush off; tcp_nodelay on;
  keepalive_timeout 65; keepalive_requests 1000000;
  client_body_temp_path $W/$1/client_temp; proxy_temp_path $W/$1/proxy_temp;
  fastcgi_temp_path $W/$1/fastcgi_temp; uwsgi_temp_path $W/$1/uwsgi_temp; scgi_temp_path $W/$1/scgi_temp;
  upstream origin { server 127.0.0.1:$ORIGIN_PORT; keepalive 64; keepalive_requests 1000000; }
  server {
    listen 127.0.0.1:$2 backlog=4096;
    $3
  }
}
EOF
}
start_nginx() { # $1=name $2=cpu
  local run=(taskset -c "$2" $NGINX -p "$W/$1" -c "$W/$1/nginx.conf" -e "$W/$1/error.log")
  if [[ $1 == origin ]]; then "${run[@]}" & else run_capped "$1" "${run[@]}"; fi   # the origin is never capped
  PIDS+=($!)
}
wait_port() { local i; for i in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$1/1k.bin" && return 0; sleep 0.1; done
  echo "nothing answers on 127.0.0.1:$1" >&2; return 1; }

# The origin, on the load generator's CPU ("the rest of the world"), as in /work/shared/bench.
ngx_conf origin "$ORIGIN_PORT" "root $W/www; open_file_cache max=100 inactive=60s;
    location / { add_header Cache-Control no-store always; }"
start_nginx origin "$LOAD_CPU"
wait_port "$ORIGIN_PORT"

declare -A URL=() PID=()
start_edge() { # $1=name $2=jar $3=JVM options $4=port
  # shellcheck disable=SC2086
  run_capped "$1" taskset -c "$SERVER_CPU" "$JAVA" $3 -jar "$2" edge --listen "127.0.0.1:$4" \
    --origin "http://127.0.0.1:$ORIGIN_PORT" --pass / --id bench >"$W/$1.log" 2>&1
  PIDS+=($!); URL[$1]="http://127.0.0.1:$4/1k.bin"; PID[$1]=$!
}
for sys in $SYSTEMS; do
  case $sys in
    nginx)
      ngx_conf nginx "$NGX_PORT" "location / { proxy_pass http://origin; proxy_http_version 1.1; proxy_set_header Connection \"\"; $NGX_FIELDS }"
      start_nginx nginx "$SERVER_CPU"; URL[nginx]="http://127.0.0.1:$NGX_PORT/1k.bin"; PID[nginx]=$!;;
    haproxy)
      mkdir -p "$W/haproxy"
      cat > "$W/haproxy/haproxy.cfg" <<EOF
global
  nbthread 1
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  http-reuse always
frontend fe
  bind 127.0.0.1:$HAPROXY_PORT
  default_backend origin
backend origin
$HAPROXY_FIELDS
  server o1 127.0.0.1:$ORIGIN_PORT
EOF
      run_capped haproxy taskset -c "$SERVER_CPU" $HAPROXY -db -f "$W/haproxy/haproxy.cfg" >"$W/haproxy/haproxy.log" 2>&1
      PIDS+=($!); URL[haproxy]="http://127.0.0.1:$HAPROXY_PORT/1k.bin"; PID[haproxy]=$!;;
    cdnsim) start_edge cdnsim "$CDNSIM_JAR" "$EDGE_JVM_OPTS" "$EDGE_PORT";;
    cdnsim-b) start_edge cdnsim-b "${CDNSIM_B_JAR:-$CDNSIM_JAR}" "$JAVA_FLAGS ${EDGE_B_JVM_OPTS:--Xms1g -Xmx1g}" \
      "$EDGE_B_PORT";;
    *) echo "unknown system $sys (nginx, haproxy, cdnsim, cdnsim-b)" >&2; exit 1;;
  esac
done

for sys in $SYSTEMS; do
  port=${URL[$sys]#http://127.0.0.1:}; wait_port "${port%%/*}"
  rm -f "$W/chk.bin"; hdr=$(curl -s -D - -o "$W/chk.bin" "${URL[$sys]}")
  cmp -s "$W/chk.bin" "$W/www/1k.bin" || { echo "$sys: ${URL[$sys]} did not return the origin's file" >&2; exit 1; }
  log "check $sys: $(echo "$hdr" | tr -d '\r' | grep -iE '^(HTTP/|x-cache|cache-control|via)' | tr '\n' ' ')"
done

to_ms() { awk -v v="$1" 'BEGIN{ n=v; sub(/[a-z]+$/,"",n); u=v; sub(/^[0-9.]+/,"",u);
  f=(u=="us")?0.001:(u=="ms")?1:(u=="s")?1000:(u=="m")?60000:1; printf "%.2f", n*f }'; }
cpu_snap() { awk -v c="cpu$1" '$1==c{idle=$5+$6; tot=0; for(i=2;i<=NF;i++) tot+=$i; print tot, idle}' /proc/stat; }
cpu_busy() { awk -v a="$1" -v b="$2" 'BEGIN{split(a,x," "); split(b,y," "); dt=y[1]-x[1]; di=y[2]-x[2];
  if(dt>0) printf "%.0f", 100*(dt-di)/dt; else print "?"}'; }
# CPU time a core spent per request, in microseconds: a cost that does not depend on whether the proxy or the load
# generator is the bottleneck (busy jiffies of the core over the requests wrk completed). For LOAD_CPU it is wrk's and
# the origin's work per request, which a proxy changes too (the fields it sends, the wakeups it causes).
cpu_us() { awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN{split(a,x," "); split(b,y," ");
  busy=(y[1]-x[1])-(y[2]-x[2]); if(n>0) printf "%.1f", busy*1e6/hz/n; else print "?"}'; }
# User and system CPU time of a proxy's processes (the process and its children: nginx's worker), in clock ticks:
# the proxy's own work, apart from the interrupts and softirqs that its core also runs for the load's packets.
proc_cpu() { local p; { echo "$1"; ps -o pid= --ppid "$1" || true; } | while read -r p; do
    awk '{sub(/.*\) /, ""); print $12, $13}' "/proc/$p/stat" 2>/dev/null; done | awk '{u+=$1; s+=$2} END{print u+0, s+0}'; }
user_sys() { awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN{split(a,x," "); split(b,y," ");
  if(n>0) printf "%.1f/%.1f", (y[1]-x[1])*1e6/hz/n, (y[2]-x[2])*1e6/hz/n; else print "?"}'; }
RES="$W/results.tsv"; : > "$RES"
run_wrk() { # $1=system $2=round $3=duration
  local out="$W/wrk-$1-$2.txt" s0 l0 s1 l1 u0 u1 t0 t1 rps p50 p99 non2xx errs n
  local perf_pids=()
  if [[ -n "${PERF_EVENTS:-}" ]]; then
    perf stat -x, -e "$PERF_EVENTS" -C "$SERVER_CPU" -o "$W/perf-$1-$2-proxy.csv" -- sleep "$3" & perf_pids+=($!)
    perf stat -x, -e "$PERF_EVENTS" -C "$LOAD_CPU" -o "$W/perf-$1-$2-load.csv" -- sleep "$3" & perf_pids+=($!)
  fi
  s0=$(cpu_snap "$SERVER_CPU"); l0=$(cpu_snap "$LOAD_CPU"); u0=$(proc_cpu "${PID[$1]}"); t0=$(throttled "$1")
  taskset -c "$LOAD_CPU" wrk "${WRK_HOST[@]}" -t"$THREADS" -c"$CONNS" -d"${3}s" --latency "${URL[$1]}" > "$out" 2>&1 || true
  s1=$(cpu_snap "$SERVER_CPU"); l1=$(cpu_snap "$LOAD_CPU"); u1=$(proc_cpu "${PID[$1]}"); t1=$(throttled "$1")
  [[ ${#perf_pids[@]} -gt 0 ]] && wait "${perf_pids[@]}"
  rps=$(awk '/^Requests\/sec/{print $2}' "$out"); n=$(awk '/requests in/{print $1}' "$out")
  p50=$(to_ms "$(awk '$1=="50%"{print $2}' "$out")"); p99=$(to_ms "$(awk '$1=="99%"{print $2}' "$out")")
  non2xx=$(awk -F': ' '/Non-2xx/{print $2}' "$out"); non2xx=${non2xx:-0}
  errs=$(awk '/Socket errors/{gsub(",","");print $4+$6+$8+$10}' "$out"); errs=${errs:-0}
  printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$1" "$2" "${rps:-0}" "$p50" "$p99" "$non2xx" "$errs" \
    "$(cpu_busy "$s0" "$s1")" "$(cpu_busy "$l0" "$l1")" "$(cpu_us "$s0" "$s1" "${n:-0}")" \
    "$(cpu_us "$l0" "$l1" "${n:-0}")" >> "$RES"
  log "$1 r$2: rps=$rps p50=${p50}ms p99=${p99}ms non2xx=$non2xx sockerr=$errs cpu(proxy/load)=$(cpu_busy "$s0" "$s1")/$(cpu_busy "$l0" "$l1")% proxy-cpu=$(cpu_us "$s0" "$s1" "${n:-0}")us/req load-cpu=$(cpu_us "$l0" "$l1" "${n:-0}")us/req proxy-user/sys=$(user_sys "$u0" "$u1" "${n:-0}")us/req${CG_ROOT:+ throttled=$((t1 - t0))}"
  if [[ -n "${PERF_EVENTS:-}" ]]; then
    log "$1 r$2 per request (proxy core / load core): $(per_request "$W/perf-$1-$2-proxy.csv" "$W/perf-$1-$2-load.csv" "${n:-0}")"
  fi
}
per_request() { # $1 $2 = perf stat -x, outputs of the two cores, $3 = requests
  awk -F, -v n="$3" 'FNR==NR && $3!=""{a[$3]=$1; o[++k]=$3; next} $3!=""{b[$3]=$1}
    END{for(i=1;i<=k;i++){e=o[i]; sub(/^[a-z_]+:(sys_enter_)?/,"",e); printf "%s%s %.2f / %.2f", (i>1?", ":""), e, a[o[i]]/n, b[o[i]]/n}}' "$1" "$2"
}

# Unreported warm-up (the JIT, the upstream keep-alive pools), then the rounds, systems alternating. The warm-up is
# cut into 5 s runs so that connections also close and open: warmed on one long run, the edge's JIT meets its first
# closing connections in round 1, throws away its hottest compiled code and compiles it again on the proxies' CPU
# (its p99 was 5 ms that round, 2 ms after a warm-up in pieces).
for sys in $SYSTEMS; do
  for ((t = 0; t < WARMUP; t += 5)); do
    taskset -c "$LOAD_CPU" wrk "${WRK_HOST[@]}" -t"$THREADS" -c"$CONNS" -d5s "${URL[$sys]}" >/dev/null 2>&1 || true
  done
done
# The order changes each round: a fixed one gives each system the same place and the same predecessor every round
# (whose connections, closing or idling, and caches it meets), a bias that pairing by round does not remove, and a
# turned cyclic order still keeps the predecessor. Odd rounds run the listed order, even rounds its reverse, and
# both turn by one every two rounds.
read -r -a ORDER <<< "$SYSTEMS"
n_sys=${#ORDER[@]}
for r in $(seq 1 "$ROUNDS"); do
  turn=$(((r - 1) / 2))
  for ((i = 0; i < n_sys; i++)); do
    j=$(((i + turn) % n_sys)); ((r % 2 == 0)) && j=$((n_sys - 1 - j))
    run_wrk "${ORDER[j]}" "$r" "$DURATION"
  done
done

if [[ -n "${KEEP_RAW:-}" ]]; then mkdir -p "$KEEP_RAW"; cp "$W"/wrk-*.txt "$RES" "$KEEP_RAW"/; cp "$W"/cdnsim*.log "$KEEP_RAW"/ 2>/dev/null || true; fi

echo
echo "Pass-through, 1 KiB, wrk -t$THREADS -c$CONNS -d${DURATION}s${HOST_HEADER:+ -H 'Host: $HOST_HEADER'}, PEER_HEADERS=$PEER_HEADERS,${CG_ROOT:+ each proxy capped at $PROXY_CPU_QUOTA % of a CPU per ${PROXY_CPU_PERIOD_US} µs,} $ROUNDS rounds after ${WARMUP}s of warm-up ($(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "| proxy | requests/s, mean (min..max) | p50 ms per round | p99 ms per round | non-2xx + socket errors | proxy CPU % | proxy CPU µs/request | load CPU % | load CPU µs/request |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for sys in $SYSTEMS; do
  awk -F'\t' -v s="$sys" '$1==s{n++; sum+=$3; if(min==""||$3<min)min=$3; if($3>max)max=$3;
      p50=p50 (p50==""?"":" / ") $4; p99=p99 (p99==""?"":" / ") $5; bad+=$6+$7; cpu=cpu (cpu==""?"":" / ") $8;
      us=us (us==""?"":" / ") $10; lcpu=lcpu (lcpu==""?"":" / ") $9; lus=lus (lus==""?"":" / ") $11}
    END{ if(n) printf "| %s | %d (%d..%d) | %s | %s | %d | %s | %s | %s | %s |\n", s, sum/n, min, max, p50, p99, bad, cpu, us,
      lcpu, lus }' "$RES"
done
# Paired by round (the systems of a round ran within a minute of each other): $1 over $2, the mean of the rounds'
# ratios and its 95 % interval (Student's t), so that a bar a few per cent away is called only when the interval is
# clear of it on this machine's round-to-round spread.
paired() {
  awk -F'\t' -v sys="$1" -v peer="$2" '{r[$1,$2]=$3; if($2>m)m=$2}
    END{ split("12.706 4.303 3.182 2.776 2.571 2.447 2.365 2.306 2.262 2.228 2.201 2.179 2.160 2.145 2.131 2.120 2.110 2.101 2.093 2.086", t, " ");
      for(i=1;i<=m;i++){x[i]=r[sys,i]/r[peer,i]; sum+=x[i]}
      mean=sum/m; for(i=1;i<=m;i++) ss+=(x[i]-mean)^2
      if (m < 2) { printf "%s over %s, one round: %.3f\n", sys, peer, mean; exit }
      half=(m-1<=20 ? t[m-1] : 1.96)*sqrt(ss/(m-1))/sqrt(m)
      printf "%s over %s, paired by round: %.3f, 95 %% interval %.3f..%.3f (%d rounds)\n", sys, peer, mean, mean-half, mean+half, m }' "$RES"
}
if [[ " $SYSTEMS " == *" cdnsim "* && " $SYSTEMS " == *" nginx "* && " $SYSTEMS " == *" haproxy "* ]]; then
  echo
  echo "cdnsim's requests/s over the slower of nginx and HAProxy, per round:" "$(awk -F'\t' '{r[$1,$2]=$3; if($2>m)m=$2}
    END{for(i=1;i<=m;i++){s=r["nginx",i]<r["haproxy",i]?r["nginx",i]:r["haproxy",i]; printf "%s%.3f", (i>1?" / ":""), r["cdnsim",i]/s}}' "$RES")"
  # The bar is the slower peer's: the larger of the two.
  paired cdnsim nginx
  paired cdnsim haproxy
fi
if [[ " $SYSTEMS " == *" cdnsim "* && " $SYSTEMS " == *" cdnsim-b "* ]]; then
  echo
  paired cdnsim-b cdnsim
  # CPU per request of the two edges, paired by round: what a change does to the edge's own work.
  awk -F'\t' '{c[$1,$2]=$10; if($2>m)m=$2} END{for(i=1;i<=m;i++){x=c["cdnsim-b",i]/c["cdnsim",i]; s+=x; ss+=x*x}
    mean=s/m; sd=(m>1)?sqrt((ss-m*mean*mean)/(m-1)):0; printf "cdnsim-b over cdnsim, proxy CPU per request: %.3f (sd %.3f, %d rounds)\n", mean, sd, m}' "$RES"
fi
