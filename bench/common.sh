# Sourced by the scripts of bench/ (they set ROOT and CDNSIM_JAR; the origin functions also need SHARED_BENCH).

# Sets JAVA and JCMD from the JDK the launcher would use, and JAVA_FLAGS with the flags the launcher gives that JDK
# (cdnsim_jvm_flags in bin/find-jdk.sh); exits when the jar is missing.
bench_java() {
  [[ -f "$CDNSIM_JAR" ]] || { echo "no $CDNSIM_JAR: build it first (./cdnsim --help) or set CDNSIM_JAR" >&2; exit 1; }
  . "$ROOT/bin/find-jdk.sh"
  cdnsim_find_jdk
  JAVA="$CDNSIM_JAVA_HOME/bin/java"; JCMD="$CDNSIM_JAVA_HOME/bin/jcmd"
  JAVA_FLAGS="$(cdnsim_jvm_flags "$JAVA" | tr '\n' ' ')"
}

# Starts the peers' origin on 127.0.0.1:18080 (ORIGIN_ONLY=1 http-peers.sh) in a process group of its own,
# ORIGIN_GROUP, and waits until it answers.
bench_origin_start() {
  ORIGIN_ONLY=1 setsid "$SHARED_BENCH/http-peers.sh" >/dev/null 2>&1 & ORIGIN_GROUP=$!
  for _ in $(seq 150); do curl -sf -o /dev/null http://127.0.0.1:18080/1k.bin && return 0; sleep 0.2; done
  echo "the peers' origin does not answer on 127.0.0.1:18080" >&2; exit 1
}

# Stops the origin bench_origin_start started (the script and its nginx), if any, and waits for its port to free.
bench_origin_stop() {
  [[ -n "${ORIGIN_GROUP:-}" ]] || return 0
  kill -- "-$ORIGIN_GROUP" 2>/dev/null || true
  ORIGIN_GROUP=""
  for _ in $(seq 50); do ss -Hltn "sport = :18080" | grep -q . || break; sleep 0.2; done
}
