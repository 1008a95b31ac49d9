#!/usr/bin/env bash
# Smoke test of the main job as a user runs it: ./duplex demo syncs both ways, ./duplex status
# shows throughput and latency while it runs, and the demo ends with both nodes identical; its
# output carries no JVM or library warning and no log line (they go to the log file); Ctrl-C
# stops the writes, drains and verifies as the demo promises.
set -euo pipefail
cd "$(dirname "$0")/.."
state=$(mktemp -d /tmp/duplex-smoke-XXXXXX)
demo_log="$state.demo.log"
trap 'kill $demo_pid 2>/dev/null || true; rm -rf "$state"' EXIT

./duplex demo --duration 25 --rate 20 --every 2 --state-dir "$state" >"$demo_log" 2>&1 &
demo_pid=$!

# Wait until the demo prints its first figures (servers started, sync running).
for _ in $(seq 1 120); do
  grep -q "rows/s" "$demo_log" && break
  kill -0 $demo_pid 2>/dev/null || break
  sleep 1
done
status=$(./duplex status -c "$state/task.yaml" --state-dir "$state" 2>/dev/null || true)
echo "--- duplex status while the demo runs:"; echo "$status"
wait $demo_pid || true
echo "--- duplex demo output:"; tail -20 "$demo_log"

fail() { echo "smoke: FAILED: $*" >&2; exit 1; }
grep -q "a->b .* rows/s .* b->a .* rows/s" "$demo_log" || fail "demo printed no per-direction figures"
grep -q "both nodes identical" "$demo_log" || fail "demo did not end with both nodes identical"
echo "$status" | grep -q "a2b  latency [0-9]* ms  rows [0-9]*  [0-9]* rows/s" || fail "status showed no a2b latency/throughput"
echo "$status" | grep -q "b2a  latency [0-9]* ms  rows [0-9]*  [0-9]* rows/s" || fail "status showed no b2a latency/throughput"
a2b=$(echo "$status" | sed -n 's/.*a2b  latency [0-9]* ms  rows \([0-9]*\).*/\1/p')
b2a=$(echo "$status" | sed -n 's/.*b2a  latency [0-9]* ms  rows \([0-9]*\).*/\1/p')
[ "${a2b:-0}" -gt 0 ] && [ "${b2a:-0}" -gt 0 ] || fail "rows did not flow both ways (a2b=$a2b b2a=$b2a)"
# Nothing but the demo's own lines: sun.misc.Unsafe (pekko on JDK 24+), ANTLR's version lines
# (DynamoDB Local's parser), pekko's CoordinatedShutdown, or any log line.
noise=$(grep -E 'WARNING|Unsafe|ANTLR|CoordinatedShutdown|\[(TRACE|DEBUG|INFO|WARN|ERROR)\]|SLF4J' "$demo_log" || true)
[ -z "$noise" ] || fail "demo output has warnings or log lines: $(echo "$noise" | head -5)"
grep -q "log: $state/logs/demo.log" "$demo_log" || fail "demo did not say where its log is"
grep -q "\[INFO\]" "$state/logs/demo.log" || fail "demo's log file $state/logs/demo.log has no log lines"

# Ctrl-C as a terminal sends it (to the whole foreground job): writes stop, queues drain, verify.
ctrlc_state=$(mktemp -d /tmp/duplex-smoke-ctrlc-XXXXXX)
set +e
python3 scripts/lib/ctrl_c.py "$ctrlc_state.log" "rows/s" ./duplex demo --rate 20 --every 2 --state-dir "$ctrlc_state"
ctrlc_rc=$?
set -e
echo "--- duplex demo stopped by Ctrl-C (exit $ctrlc_rc):"; tail -6 "$ctrlc_state.log"
grep -q "stopped writing" "$ctrlc_state.log" && grep -q "both nodes identical" "$ctrlc_state.log" \
  || fail "demo did not drain and verify after Ctrl-C (exit $ctrlc_rc, output in $ctrlc_state.log)"
# The JVM ends a run stopped by SIGINT with 130 (128 + 2), as shells report Ctrl-C.
[ "$ctrlc_rc" = 130 ] || fail "demo stopped by Ctrl-C exited $ctrlc_rc, not 130"
rm -rf "$ctrlc_state" "$ctrlc_state.log"
echo "1 passed, 0 failed: smoke: demo synced both ways (a2b $a2b rows, b2a $b2a rows at status time), status showed latency and rows/s, output without warnings or log lines, Ctrl-C drained and verified"
