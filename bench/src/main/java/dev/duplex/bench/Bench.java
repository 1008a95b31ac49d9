package dev.duplex.bench;

import dev.duplex.sandbox.MySqlSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One bench run: Duplex next to native replication and the dump/load tools, on this machine, in
 * this run. Starts every server it needs and closes them all at the end.
 */
public final class Bench {
    private static final Duration PREPARE_TIMEOUT = Duration.ofMinutes(30);

    private Bench() {}

    /**
     * Runs the parts {@code o} selects; progress lines go to {@code progress}.
     *
     * @param tasks runs Duplex tasks as {@code duplex local} does (the cli's local runtime)
     */
    public static BenchReport run(BenchOptions o, LocalTask.Factory tasks, Consumer<String> progress) throws Exception {
        Tools.require(o.parts());
        Files.createDirectories(o.workDir());
        Commands commands = new Commands(o.workDir().resolve("logs"));
        BenchReport report = new BenchReport();
        Instant began = Instant.now();
        Environment.describe(report, o, commands);
        Methods.describe(report);
        HeapPeak heap = new HeapPeak();
        heap.start();
        Files.createDirectories(o.out().toAbsolutePath().getParent());
        Profiler profiler = o.profile() ? Profiler.start(o.out().resolveSibling("profile.jfr")) : Profiler.disabled();
        try (profiler) {
            BenchContext ctx = new BenchContext(o, report, commands,
                    new Sysbench(commands, o.tables(), o.tableSize(), o.threads()), profiler, heap, tasks, progress);
            if (o.runs(BenchOptions.Part.CAPTURE)) {
                // First: no server runs yet, so the replay has the machine to itself.
                new CapturePart(ctx).run();
            }
            if (o.runs(BenchOptions.Part.CDC) || o.runs(BenchOptions.Part.TWOWAY)) {
                incrementalParts(ctx);
            }
            if (o.runs(BenchOptions.Part.SNAPSHOT)) {
                snapshotPart(ctx);
            }
            if (o.runs(BenchOptions.Part.VERIFY)) {
                verifyPart(ctx);
            }
            writeProfile(ctx);
        } finally {
            heap.stopAndAwait();
        }
        report.environment("duration", Duration.between(began, Instant.now()).toSeconds() + " s");
        report.environment("load average at the end (1/5/15 min)", Environment.loadAverage());
        return report;
    }

    private static void incrementalParts(BenchContext ctx) throws Exception {
        BenchOptions o = ctx.options();
        ctx.say("starting servers A, B and two native replicas of A");
        try (BenchServers servers = BenchServers.start()) {
            servers.all().forEach(s -> ctx.commands().secret(s.password()));
            ctx.report().environment("MariaDB", servers.a.version() + ", every server with " + BenchServers.OPTIONS);
            List<String> databases = new ArrayList<>();
            if (o.runs(BenchOptions.Part.CDC)) {
                databases.add(CdcPart.DATABASE);
            }
            if (o.runs(BenchOptions.Part.TWOWAY)) {
                databases.addAll(List.of(TwoWayPart.DB_A, TwoWayPart.DB_B));
            }
            ctx.say("preparing %s: %d tables x %d rows each (replicated to B and the replicas)", databases,
                    o.tables(), o.tableSize());
            servers.prepare(ctx.sysbench(), databases, PREPARE_TIMEOUT);
            List<String> selected = new ArrayList<>(databases);
            selected.add(Probes.DATABASE);
            if (o.tableGroups()) {
                ctx.report().environment("task", "partitioning: table (a message group per table), sync.ddl: false");
            }
            try (DuplexTask task = DuplexTask.create(ctx.tasks(), ctx.dir("task"), "bench", servers.a, servers.b,
                    selected, List.of("incremental"), null, o.tableGroups())) {
                ctx.say("starting the Duplex task between A and B");
                task.start();
                if (o.runs(BenchOptions.Part.CDC)) {
                    new CdcPart(ctx, servers, task).run();
                }
                if (o.runs(BenchOptions.Part.TWOWAY)) {
                    new TwoWayPart(ctx, servers, task).run();
                }
            }
        }
    }

    /** The profiled windows: the incremental live run and drains, and Duplex's full sync. */
    private static void writeProfile(BenchContext ctx) throws IOException, InterruptedException {
        List<String> lines = ctx.profiler().finish();
        if (!lines.isEmpty()) {
            Path file = ctx.options().out().resolveSibling("profile.txt");
            Files.write(file, lines);
            ctx.report().detail("profile", file.toString());
            ctx.say("profile written to %s", file);
        }
    }

    private static void snapshotPart(BenchContext ctx) throws Exception {
        ctx.say("starting a fresh source and target for the snapshot part");
        List<MySqlSandbox> pair = BenchServers.startAll(List.of("snapsource", "snaptarget"), 11);
        try {
            pair.forEach(s -> ctx.commands().secret(s.password()));
            new SnapshotPart(ctx, pair.get(0), pair.get(1)).run();
        } finally {
            pair.forEach(MySqlSandbox::close);
            deleteTree(ctx.dir("mydumper"));
        }
    }

    /**
     * A master and its native replica of their own, with a buffer pool the whole table fits in:
     * the figure is about checksumming, not about the disk.
     */
    private static void verifyPart(BenchContext ctx) throws Exception {
        ctx.say("starting a master and its replica for the verify part");
        Map<String, String> options = new HashMap<>(BenchServers.OPTIONS);
        options.put("innodb-buffer-pool-size", VerifyPart.BUFFER_POOL);
        List<MySqlSandbox> pair = BenchServers.startAll(List.of("vmaster", "vreplica"), 21, options);
        try {
            pair.forEach(s -> ctx.commands().secret(s.password()));
            if (!ctx.options().runs(BenchOptions.Part.CDC) && !ctx.options().runs(BenchOptions.Part.TWOWAY)) {
                ctx.report().environment("MariaDB", pair.get(0).version() + ", the verify part's servers with "
                        + options);
            }
            new VerifyPart(ctx, pair.get(0), new NativeReplica(pair.get(1), "pt-table-checksum's replica")).run();
        } finally {
            pair.forEach(MySqlSandbox::close);
        }
    }

    /** Deletes scratch files: a dump, or the whole work directory after a successful run. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
