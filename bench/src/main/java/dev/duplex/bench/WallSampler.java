package dev.duplex.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where Duplex's threads spend wall-clock time: every 10 ms, the stack of each capture and apply
 * thread, named by what it is doing (running code of a library, or waiting on the network for
 * MySQL or SQS) and by the Duplex method that got it there. A CPU profile shows what burns CPU;
 * this shows what a single-threaded stage waits for, which is what limits its throughput.
 */
final class WallSampler extends BenchThread {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final Map<String, Map<String, Integer>> counts = new TreeMap<>();
    private final Map<String, Integer> totals = new HashMap<>();
    private long[] ids = new long[0];
    private long sampled;
    /**
     * Whether to sample now: a stack sample of other threads is a global safepoint, which stops
     * every thread of this JVM (capture, apply, the AWS stand-ins) for as long as the slowest takes
     * to reach it (p99 10 ms, up to 78 ms on two busy cores), so a latency window is not sampled.
     */
    private volatile boolean sampling;
    /** Which window a sample belongs to: one taken before a reset or pause is not counted after it. */
    private long window;

    WallSampler() {
        super("bench-wall-sampler");
    }

    /** Starts a window: counts from zero, sampling on or off. */
    synchronized void reset(boolean sample) {
        counts.clear();
        totals.clear();
        sampling = sample;
        window++;
    }

    /** Stops sampling until the next window. */
    synchronized void pause() {
        sampling = false;
        window++;
    }

    @Override
    void work() throws InterruptedException {
        while (!stopping()) {
            if (sampling) {
                sampleOnce();
            }
            Thread.sleep(Duration.ofMillis(10));
        }
    }

    private void sampleOnce() {
        if (sampled++ % 100 == 0) {
            ids = duplexThreadIds();
        }
        long taken = currentWindow();
        for (ThreadInfo t : THREADS.getThreadInfo(ids, 160)) {
            if (t != null) {
                record(taken, CpuMeter.component(t.getThreadName()) + " [" + t.getThreadName() + "]", key(t));
            }
        }
    }

    private synchronized long currentWindow() {
        return window;
    }

    /** Capture and apply threads; looked up again now and then, as a capture reconnect makes new ones. */
    private static long[] duplexThreadIds() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> {
            String c = CpuMeter.component(t.getName());
            return c.startsWith("capture") || c.startsWith("apply");
        }).mapToLong(Thread::threadId).toArray();
    }

    static String key(ThreadInfo t) {
        List<StackKeys.Frame> frames = new ArrayList<>();
        for (StackTraceElement e : t.getStackTrace()) {
            frames.add(new StackKeys.Frame(e.getClassName(), e.getMethodName()));
        }
        if (frames.isEmpty()) {
            return "no stack";
        }
        String caller = StackKeys.duplexCaller(frames);
        String where = caller.isEmpty() ? "" : " in " + caller;
        if (t.getThreadState() == Thread.State.WAITING || t.getThreadState() == Thread.State.TIMED_WAITING) {
            return "idle (waiting: " + frames.getFirst().shortText() + ")" + where;
        }
        if (StackKeys.waitingOnNetwork(frames)) {
            return "network wait: " + StackKeys.waitingFor(frames) + where;
        }
        return "running: " + StackKeys.library(frames.getFirst().className()) + where;
    }

    private synchronized void record(long taken, String thread, String key) {
        if (taken != window || !sampling) {
            return; // the window ended while the stacks were read
        }
        counts.computeIfAbsent(thread, k -> new HashMap<>()).merge(key, 1, Integer::sum);
        totals.merge(thread, 1, Integer::sum);
    }

    /** Per thread, the share of samples of each activity, largest first. */
    synchronized List<String> summary(int top) {
        List<String> out = new ArrayList<>();
        for (var e : counts.entrySet()) {
            int total = totals.get(e.getKey());
            out.add(e.getKey() + " (" + total + " samples, every 10 ms):");
            e.getValue().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                    .forEach(k -> out.add(String.format("  %5.1f%%  %s", 100.0 * k.getValue() / total, k.getKey())));
        }
        return out;
    }
}
