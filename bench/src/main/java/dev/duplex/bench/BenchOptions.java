package dev.duplex.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The sizes of one bench run, validated once.
 *
 * @param tables         sysbench tables per database (incremental and two-way parts)
 * @param tableSize      rows per sysbench table
 * @param seconds        length of each full-speed sysbench run that builds a backlog
 * @param liveSeconds    length of each rate-limited (live) run that measures latency
 * @param liveRate       row changes per second the live run writes (oltp_write_only: 4 per transaction)
 * @param threads        sysbench client threads, and mydumper/myloader threads
 * @param snapshotTables tables of the snapshot part
 * @param snapshotRows   rows per table of the snapshot part
 * @param verifyRows     rows of the verify part's table
 * @param captureSeconds how long the capture part replays each recording (twice that to warm up)
 * @param parts          which parts run
 * @param out            where the JSON goes (the markdown goes next to it and to stdout)
 * @param workDir        scratch space: task configs, DynamoDB Local data, dumps
 * @param profile        record a JFR profile of the incremental part and summarize it
 */
public record BenchOptions(int tables, int tableSize, int seconds, int liveSeconds, int liveRate, int threads,
                           int snapshotTables, int snapshotRows, int verifyRows, int captureSeconds, Set<Part> parts, Path out, Path workDir,
                           boolean profile, boolean tableGroups) {

    /** Options of a bench whose task keeps one message group per direction (the default). */
    public BenchOptions(int tables, int tableSize, int seconds, int liveSeconds, int liveRate, int threads,
                        int snapshotTables, int snapshotRows, int verifyRows, int captureSeconds, Set<Part> parts,
                        Path out, Path workDir, boolean profile) {
        this(tables, tableSize, seconds, liveSeconds, liveRate, threads, snapshotTables, snapshotRows, verifyRows,
                captureSeconds, parts, out, workDir, profile, false);
    }

    /** The parts of the bench, in the order they run. */
    public enum Part {
        CAPTURE, CDC, SNAPSHOT, TWOWAY, VERIFY
    }

    /** oltp_write_only writes two updates, a delete and an insert per transaction. */
    public static final int WRITE_ONLY_ROWS_PER_TX = 4;

    public BenchOptions {
        List<String> problems = new ArrayList<>();
        atLeast(problems, "--tables", tables, 1);
        atLeast(problems, "--table-size", tableSize, 100);
        atLeast(problems, "--time", seconds, 1);
        atLeast(problems, "--live-time", liveSeconds, 1);
        atLeast(problems, "--live-rate", liveRate, 2 * WRITE_ONLY_ROWS_PER_TX);
        atLeast(problems, "--threads", threads, 1);
        atLeast(problems, "--snapshot-tables", snapshotTables, 1);
        atLeast(problems, "--snapshot-rows", snapshotRows, 100);
        atLeast(problems, "--verify-rows", verifyRows, 100);
        atLeast(problems, "--capture-time", captureSeconds, 1);
        if (parts == null || parts.isEmpty()) {
            problems.add("--parts must name at least one of capture, cdc, snapshot, twoway, verify");
        }
        if (out == null || workDir == null) {
            problems.add("--out and --work-dir are required");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid bench options: " + String.join("; ", problems));
        }
        parts = Set.copyOf(EnumSet.copyOf(parts));
    }

    private static void atLeast(List<String> problems, String name, int value, int min) {
        if (value < min) {
            problems.add(name + " must be at least " + min + ", got " + value);
        }
    }

    public boolean runs(Part p) {
        return parts.contains(p);
    }

    /** Transactions per second of the live oltp_write_only run on one node. */
    public int liveTxPerSecond(int nodes) {
        return Math.max(1, liveRate / nodes / WRITE_ONLY_ROWS_PER_TX);
    }

    /** The options as the command line that reproduces them. */
    public String commandLine() {
        return String.format("./duplex bench --tables %d --table-size %d --time %d --live-time %d --live-rate %d"
                        + " --threads %d --snapshot-tables %d --snapshot-rows %d --verify-rows %d --capture-time %d --parts %s"
                        + " --out %s%s",
                tables, tableSize, seconds, liveSeconds, liveRate, threads, snapshotTables, snapshotRows, verifyRows,
                captureSeconds,
                String.join(",", parts.stream().sorted().map(p -> p.name().toLowerCase(Locale.ROOT)).toList()),
                out, profile ? "" : " --no-profile") + (tableGroups ? " --partitioning table" : "");
    }
}
