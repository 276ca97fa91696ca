# Sourced by ./cdnsim and ./verify: sets CDNSIM_JAVA_HOME to a JDK 21 or newer, or explains what to install.
# Order: $JAVA_HOME, `java` on the PATH, then the usual install folders (newest first).

cdnsim_java_major() { # prints the feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

cdnsim_is_jdk21() { # $1 = a JDK home
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local major
  major=$(cdnsim_java_major "$1/bin/java")
  [ -n "$major" ] && [ "$major" -ge 21 ]
}

cdnsim_find_jdk() {
  local candidate
  if [ -n "${JAVA_HOME:-}" ] && cdnsim_is_jdk21 "$JAVA_HOME"; then CDNSIM_JAVA_HOME=$JAVA_HOME; return 0; fi
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if cdnsim_is_jdk21 "$candidate"; then CDNSIM_JAVA_HOME=$candidate; return 0; fi
  fi
  for candidate in $(ls -d /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home /opt/java/* /opt/jdk* \
                        "$HOME"/.sdkman/candidates/java/* 2>/dev/null | sort -rV); do
    if cdnsim_is_jdk21 "$candidate"; then CDNSIM_JAVA_HOME=$candidate; return 0; fi
  done
  echo "cdnsim needs a JDK 21 or newer and found none: install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+) or set JAVA_HOME." >&2
  return 1
}

# The flags cdnsim runs with on the java binary $1, one per line: from JDK 24 on, leave Unsafe open without a notice
# (Undertow's jboss-threads and Caffeine still use sun.misc.Unsafe); from JDK 25 on, compact object headers
# (JEP 519: 8-byte headers; in A/B runs of passed requests 0.4-0.7 us less user CPU per request, and every cache
# entry's objects are smaller). On every JDK, room for the JIT to inline more of a request's path through Undertow,
# XNIO and the edge in one compiled unit (HotSpot's limits are 325 / 35 bytecodes and 2,500 bytes of compiled code):
# in three interleaved A/B runs of passed requests, positions swapped once, 2.9 / 3.2 / 4.1 % more requests/s and
# 0.06-0.57 us less user CPU per request; 1 KiB hits level (docs/benchmarks.md, run AC).
cdnsim_jvm_flags() {
  local major
  major=$(cdnsim_java_major "$1")
  [ -n "$major" ] || return 0
  echo "-XX:FreqInlineSize=600"; echo "-XX:MaxInlineSize=70"; echo "-XX:InlineSmallCode=5000"
  if [ "$major" -ge 24 ]; then echo "--sun-misc-unsafe-memory-access=allow"; fi
  if [ "$major" -ge 25 ]; then echo "-XX:+UseCompactObjectHeaders"; fi
  return 0
}

cdnsim_maven_env() { # Maven itself runs on the chosen JDK; keep JDK 24+'s Unsafe notices out of the output
  export JAVA_HOME=$CDNSIM_JAVA_HOME
  local major
  major=$(cdnsim_java_major "$JAVA_HOME/bin/java")
  if [ "$major" -ge 24 ]; then export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"; fi
}
