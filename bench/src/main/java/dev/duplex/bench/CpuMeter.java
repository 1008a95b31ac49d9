package dev.duplex.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU seconds and allocated bytes per Duplex component, by thread: capture and apply run in the
 * bench JVM (as in {@code duplex local}), so their threads' CPU time is theirs. Thread names say
 * which component and direction a thread belongs to; everything else in the JVM (ElasticMQ,
 * DynamoDB Local, GC, JIT) is "other".
 */
final class CpuMeter {
    static final String OTHER = "other in JVM";
    static final String BENCH = "bench";

    private static final ThreadMXBean THREADS =
            (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CpuMeter() {}

    record ThreadUse(String component, long cpuNanos, long allocatedBytes) {}

    record Sample(Map<Long, ThreadUse> threads, long processCpuNanos, long nanoTime) {}

    /** Per component CPU seconds and allocated MiB between two samples, and the whole process's CPU. */
    record Usage(Map<String, Double> cpuSeconds, Map<String, Double> allocatedMiB, double processCpuSeconds,
                 double wallSeconds) {
        double cpu(String component) {
            return cpuSeconds.getOrDefault(component, 0.0);
        }

        double allocated(String component) {
            return allocatedMiB.getOrDefault(component, 0.0);
        }
    }

    static Sample take() {
        Map<Long, ThreadUse> out = new HashMap<>();
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        long[] alloc = THREADS.getThreadAllocatedBytes(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null) {
                long cpu = THREADS.getThreadCpuTime(ids[i]);
                out.put(ids[i], new ThreadUse(component(infos[i].getThreadName()), Math.max(0, cpu),
                        Math.max(0, alloc[i])));
            }
        }
        return new Sample(out, OS.getProcessCpuTime(), System.nanoTime());
    }

    static Usage between(Sample from, Sample to) {
        Map<String, Double> cpu = new TreeMap<>();
        Map<String, Double> alloc = new TreeMap<>();
        double named = 0;
        for (var e : to.threads().entrySet()) {
            ThreadUse end = e.getValue();
            ThreadUse start = from.threads().getOrDefault(e.getKey(), new ThreadUse(end.component(), 0, 0));
            double secs = (end.cpuNanos() - start.cpuNanos()) / 1e9;
            double mib = (end.allocatedBytes() - start.allocatedBytes()) / (1024.0 * 1024.0);
            if (!OTHER.equals(end.component())) {
                cpu.merge(end.component(), secs, Double::sum);
                named += secs;
            }
            alloc.merge(end.component(), mib, Double::sum);
        }
        double process = (to.processCpuNanos() - from.processCpuNanos()) / 1e9;
        cpu.put(OTHER, Math.max(0, process - named));
        return new Usage(cpu, alloc, process, (to.nanoTime() - from.nanoTime()) / 1e9);
    }

    /**
     * "capture a2b", "apply b2a", ... from the names capture and the local runtime give their
     * threads: capture-TASK-NODE, binlog-TASK-DIR, process-TASK-DIR, lease-TASK-NODE,
     * heartbeat-TASK-NODE, snapshot-TASK-reader-N (full sync), poller-DIR, apply-lane-N-DIR (parallel apply).
     */
    static String component(String threadName) {
        if (threadName.startsWith("bench-")) {
            return BENCH;
        }
        if (threadName.startsWith("snapshot-")) {
            return "capture a2b"; // full sync readers of node a: snapshot-TASK-reader-N
        }
        String suffix = threadName.substring(threadName.lastIndexOf('-') + 1);
        String direction = switch (suffix) {
            case "a", "a2b" -> "a2b";
            case "b", "b2a" -> "b2a";
            default -> null;
        };
        if (direction == null) {
            return OTHER;
        }
        if (threadName.startsWith("poller-") || threadName.startsWith("apply-lane-")) {
            return "apply " + direction;
        }
        for (String prefix : new String[] {"capture-", "binlog-", "process-", "lease-", "heartbeat-"}) {
            if (threadName.startsWith(prefix)) {
                return "capture " + direction;
            }
        }
        return OTHER;
    }
}
