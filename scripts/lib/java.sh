# Finds a JDK >= 21 and exports JAVA_HOME. Sourced by scripts/test.sh and ./duplex.
# Order: $JAVA_HOME, then every JDK under /usr/lib/jvm (newest first), then `java` on PATH.

duplex_java_major() { # prints the major version of the java binary $1, or nothing
  "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}

duplex_find_jdk() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(duplex_java_major "$c/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$c"
      return 0
    fi
  done
  cat >&2 <<'MSG'
Duplex needs a JDK 21 or newer and none was found (looked at $JAVA_HOME, /usr/lib/jvm/*, javac on PATH).
Fix: install one, e.g. `apt-get install -y openjdk-21-jdk` (or a Temurin 21+ JDK), or point JAVA_HOME at it.
MSG
  return 1
}

# Maven itself (its bundled guava and jansi) warns on JDK 24+; allow what it does there.
duplex_maven_opts() {
  local major
  major=$(duplex_java_major "$JAVA_HOME/bin/java")
  if [ "${major:-0}" -ge 24 ] 2>/dev/null; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
  fi
}

# Options for running Duplex itself: ElasticMQ's pekko uses sun.misc.Unsafe, which JDK 24+ warns
# about on stderr at first use (JDK 23 knows the option, earlier JDKs neither warn nor know it).
# And a heap that G1 may not shrink below an eighth of the memory, at most 1 GiB, with pauses
# aimed at 20 ms: duplex local runs capture, apply, ElasticMQ and DynamoDB Local in one JVM, and
# on the ~160 MiB heap G1 chose by itself a concurrent marking cycle ran every few seconds, its
# marking threads taking the CPU of a small machine and its remark pause (15-40 ms) holding every
# thread: nearly every live-latency probe above 90 ms in duplex bench met one; with the larger
# heap alone, young pauses of a 570 MiB eden took 40-120 ms (bench/RESULTS.md).
duplex_run_opts() {
  local major mem_kb heap_mb
  major=$(duplex_java_major "$JAVA_HOME/bin/java")
  if [ "${major:-0}" -ge 23 ] 2>/dev/null; then
    printf '%s ' "--sun-misc-unsafe-memory-access=allow"
  fi
  mem_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo 2>/dev/null)
  heap_mb=$(( ${mem_kb:-0} / 8 / 1024 ))
  [ "$heap_mb" -gt 1024 ] && heap_mb=1024
  if [ "$heap_mb" -ge 256 ]; then
    printf '%s' "-Xms${heap_mb}m -XX:MaxGCPauseMillis=20"
  fi
}
