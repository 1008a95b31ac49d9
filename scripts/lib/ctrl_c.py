#!/usr/bin/env python3
"""Presses Ctrl-C on a command as a terminal does, for the smoke tests.

Usage: ctrl_c.py LOG PATTERN COMMAND [ARG...]
Starts COMMAND in a session and process group of its own (as a shell's foreground job), its
output into LOG; once PATTERN occurs twice in LOG, sends SIGINT to the whole group (the terminal
sends it to every process of the foreground job, servers started by the command included); waits
for the command and exits with its exit code. SIGINT is reset to the default first: a shell
starts background jobs with SIGINT ignored, which would make the test vacuous.
"""
import os
import signal
import subprocess
import sys
import time

log, pattern, command = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(log, "wb") as out:
    proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
deadline = time.time() + 240
while time.time() < deadline and proc.poll() is None:
    with open(log, "rb") as f:
        if f.read().count(pattern.encode()) >= 2:
            break
    time.sleep(0.5)
if proc.poll() is not None:
    print(f"ctrl_c: the command ended before Ctrl-C (exit {proc.returncode})", file=sys.stderr)
    sys.exit(100)
os.killpg(proc.pid, signal.SIGINT)
try:
    sys.exit(proc.wait(timeout=180))
except subprocess.TimeoutExpired:
    os.killpg(proc.pid, signal.SIGKILL)
    print("ctrl_c: the command did not end within 180 s of Ctrl-C", file=sys.stderr)
    sys.exit(101)
