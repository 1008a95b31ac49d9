#!/usr/bin/env bash
# Smoke test of the main job as a user runs it: ./duplex demo syncs both ways, ./duplex status
# shows throughput and latency while it runs, and the demo ends with both nodes identical.
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
echo "--- duplex demo output:"; grep -v '^WARNING\|^ANTLR\|^\s*$' "$demo_log" | grep -v '\[INFO\]' | tail -20

fail() { echo "smoke: FAILED: $*" >&2; exit 1; }
grep -q "a->b .* rows/s .* b->a .* rows/s" "$demo_log" || fail "demo printed no per-direction figures"
grep -q "both nodes identical" "$demo_log" || fail "demo did not end with both nodes identical"
echo "$status" | grep -q "a2b  latency [0-9]* ms  rows [0-9]*  [0-9]* rows/s" || fail "status showed no a2b latency/throughput"
echo "$status" | grep -q "b2a  latency [0-9]* ms  rows [0-9]*  [0-9]* rows/s" || fail "status showed no b2a latency/throughput"
a2b=$(echo "$status" | sed -n 's/.*a2b  latency [0-9]* ms  rows \([0-9]*\).*/\1/p')
b2a=$(echo "$status" | sed -n 's/.*b2a  latency [0-9]* ms  rows \([0-9]*\).*/\1/p')
[ "${a2b:-0}" -gt 0 ] && [ "${b2a:-0}" -gt 0 ] || fail "rows did not flow both ways (a2b=$a2b b2a=$b2a)"
echo "1 passed, 0 failed: smoke: demo synced both ways (a2b $a2b rows, b2a $b2a rows at status time), status showed latency and rows/s"
