package dev.duplex.bench;

import com.github.shyiko.mysql.binlog.event.Event;
import com.sun.management.ThreadMXBean;
import dev.duplex.capture.assemble.CapturedTransaction;
import dev.duplex.capture.filter.SelectedTransaction;
import dev.duplex.core.model.Batch;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Part 5, capture: capture's CPU work per row change, without a server, a socket or a queue. The
 * recorded binlogs ({@link CaptureRecording}) are replayed through capture's own stages
 * ({@link CaptureReplay}) on this one thread, over and over; the thread's CPU time and heap
 * allocation are read around each stage. Single-threaded, so row changes per CPU second are row
 * changes per second per core. First every recording is replayed for the warm-up time (the JIT
 * compiles what all of them use, as a capture reading mixed traffic would), then each recording
 * alone for the measuring time.
 */
final class CapturePart {
    static final String SECTION = "Capture CPU";
    /** Issue #20's budget: decode + select + encode at 100k row changes/s on one core. */
    static final double GOAL_ROWS_PER_SECOND = 100_000;
    static final List<String> STAGES = List.of("deserialize", "assemble", "select + decode", "batch", "encode");

    private static final ThreadMXBean THREADS =
            (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final BenchContext ctx;
    private final Duration measure;
    private final Duration warmUp;

    CapturePart(BenchContext ctx) {
        this.ctx = ctx;
        this.measure = Duration.ofSeconds(ctx.options().captureSeconds());
        this.warmUp = measure.multipliedBy(2);
    }

    /**
     * What one recording cost, summed over its measured replays; per stage in {@link #STAGES} order.
     * The rate is taken from the median replay: on a shared machine some replays run slow (a
     * neighbour's load, a GC safepoint), and the median is the replay that is not disturbed.
     */
    record Measured(CaptureRecording recording, int replays, long rowChanges, long[] cpuNanos, long[] allocated,
                    long wallNanos, long medianReplayCpu) {
        long totalCpu() {
            return sum(cpuNanos);
        }

        double rowsPerCpuSecond() {
            return rowChanges / (double) replays * 1e9 / medianReplayCpu;
        }

        /** CPU of stage {@code i} per row change, in the median replay (its share of the summed CPU). */
        double stageNanosPerRow(int i) {
            return (double) cpuNanos[i] / totalCpu() * medianReplayCpu / (rowChanges / (double) replays);
        }

        double allocatedPerRow() {
            return (double) sum(allocated) / rowChanges;
        }

        private static long sum(long[] values) {
            long s = 0;
            for (long v : values) {
                s += v;
            }
            return s;
        }
    }

    void run() {
        List<byte[]> binlogs = new ArrayList<>();
        CaptureRecording.ALL.forEach(r -> binlogs.add(r.bytes()));
        ctx.say("capture: warming up on %d recorded binlogs for %d s", binlogs.size(), warmUp.toSeconds());
        long warmUntil = System.nanoTime() + warmUp.toNanos();
        while (System.nanoTime() - warmUntil < 0) {
            for (int i = 0; i < binlogs.size(); i++) {
                replay(CaptureRecording.ALL.get(i), binlogs.get(i), new long[STAGES.size()], new long[STAGES.size()]);
            }
        }
        List<Measured> results = new ArrayList<>();
        for (int i = 0; i < binlogs.size(); i++) {
            CaptureRecording r = CaptureRecording.ALL.get(i);
            ctx.say("capture: replaying %s for %d s", r.name(), measure.toSeconds());
            results.add(measure(r, binlogs.get(i), measure));
        }
        report(results);
    }

    /** Replays {@code binlog} until {@code time} is over; the figures of those replays. */
    static Measured measure(CaptureRecording r, byte[] binlog, Duration time) {
        long[] cpu = new long[STAGES.size()];
        long[] allocated = new long[STAGES.size()];
        long rows = 0;
        List<Long> replayCpu = new ArrayList<>();
        long started = System.nanoTime();
        long until = started + time.toNanos();
        do {
            long before = sum(cpu);
            rows += replay(r, binlog, cpu, allocated);
            replayCpu.add(sum(cpu) - before);
        } while (System.nanoTime() - until < 0);
        replayCpu.sort(null);
        return new Measured(r, replayCpu.size(), rows, cpu, allocated, System.nanoTime() - started,
                replayCpu.get(replayCpu.size() / 2));
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }

    /** One replay, each stage's thread CPU time and allocation added to {@code cpu} and {@code allocated}; its row changes. */
    static long replay(CaptureRecording r, byte[] binlog, long[] cpu, long[] allocated) {
        CaptureReplay replay = CaptureReplay.create();
        Meter m = new Meter(cpu, allocated);
        List<Event> events = replay.deserialize(binlog);
        m.lap(0);
        List<CapturedTransaction> txs = replay.assemble(r.file(), events);
        m.lap(1);
        List<SelectedTransaction> selected = replay.select(txs);
        m.lap(2);
        List<Batch> messages = replay.batch(selected);
        m.lap(3);
        List<byte[]> bodies = replay.encode(messages);
        m.lap(4);
        if (bodies.isEmpty()) {
            throw new BenchException("the replay of " + r.name() + " encoded no message");
        }
        return CaptureReplay.rowChanges(messages);
    }

    private void report(List<Measured> results) {
        ctx.report().section(SECTION, "capture's CPU work per row change on recorded MariaDB binlogs, one thread, "
                + "no server, socket or queue: the reader's deserializers, transaction assembly, selection with row "
                + "decoding, batching (linger cuts every ~40 transactions, the merger joins the waiting batches) "
                + "and wire encoding, replayed " + warmUp.toSeconds() + " s to warm up, then "
                + measure.toSeconds() + " s per recording; rate = row changes of one replay / the thread's CPU time of"
                + " the median replay");
        List<Map<String, Object>> details = new ArrayList<>();
        for (Measured m : results) {
            String name = m.recording().name();
            ctx.report().add(Figure.duplexOnly(SECTION, name + ": row changes/s per core", "rows/s",
                    m.rowsPerCpuSecond(), m.recording().workload() + "; " + shares(m) + String.format(
                            "; %,d replays of %,d row changes, %.0f%% of the wall time on CPU", m.replays(),
                            m.rowChanges() / m.replays(), 100.0 * m.totalCpu() / m.wallNanos()))
                    .withGoal(new Figure.Goal.DuplexAtLeast(GOAL_ROWS_PER_SECOND, "rows/s")));
            ctx.report().add(Figure.duplexOnly(SECTION, name + ": CPU per 1000 row changes", "ms",
                    1e6 / m.rowsPerCpuSecond(), String.format("mean over all replays %.2f ms",
                            m.totalCpu() / 1e6 / (m.rowChanges() / 1000.0))));
            ctx.report().add(Figure.duplexOnly(SECTION, name + ": allocated per row change", "KiB",
                    m.allocatedPerRow() / 1024, allocationShares(m)));
            details.add(detail(m));
        }
        ctx.report().detail("capture", details);
    }

    private static String shares(Measured m) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < STAGES.size(); i++) {
            parts.add(String.format("%s %.0f%% (%,.0f ns/row)", STAGES.get(i), 100.0 * m.cpuNanos()[i] / m.totalCpu(),
                    m.stageNanosPerRow(i)));
        }
        return "CPU by stage: " + String.join(", ", parts);
    }

    private static String allocationShares(Measured m) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < STAGES.size(); i++) {
            parts.add(String.format("%s %,d B", STAGES.get(i), m.allocated()[i] / m.rowChanges()));
        }
        return "per row change by stage: " + String.join(", ", parts);
    }

    private static Map<String, Object> detail(Measured m) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("recording", m.recording().name());
        d.put("replays", m.replays());
        d.put("rowChanges", m.rowChanges());
        d.put("rowChangesPerCpuSecond", m.rowsPerCpuSecond());
        d.put("medianReplayCpuSeconds", m.medianReplayCpu() / 1e9);
        d.put("wallSeconds", m.wallNanos() / 1e9);
        Map<String, Object> stages = new LinkedHashMap<>();
        for (int i = 0; i < STAGES.size(); i++) {
            stages.put(STAGES.get(i), Map.of("cpuSeconds", m.cpuNanos()[i] / 1e9, "allocatedBytes", m.allocated()[i]));
        }
        d.put("stages", stages);
        return d;
    }

    /** Reads the thread's CPU time and allocation, adding what a stage used to its slot. */
    private static final class Meter {
        private final long[] cpu;
        private final long[] allocated;
        private long lastCpu = THREADS.getCurrentThreadCpuTime();
        private long lastAllocated = THREADS.getCurrentThreadAllocatedBytes();

        Meter(long[] cpu, long[] allocated) {
            this.cpu = cpu;
            this.allocated = allocated;
        }

        void lap(int stage) {
            long c = THREADS.getCurrentThreadCpuTime();
            long a = THREADS.getCurrentThreadAllocatedBytes();
            cpu[stage] += c - lastCpu;
            allocated[stage] += a - lastAllocated;
            lastCpu = c;
            lastAllocated = a;
        }
    }
}
