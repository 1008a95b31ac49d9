package dev.duplex.bench;

import dev.duplex.core.config.FullSyncOptions;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.MySqlSandbox;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Part 2, snapshot: sysbench tables on a fresh source copied into a fresh target four ways, one
 * after the other: Duplex's schema + full sync written directly into node b (the default), the same
 * through the queue (fullSync.via: queue), mydumper + myloader, mariadb-dump | mariadb.
 * The target's database is dropped between copies; every copy is checked against the source.
 */
final class SnapshotPart {
    static final String DATABASE = "sbsnap";
    private static final String SECTION = "Snapshot";
    private static final Duration TIMEOUT = Duration.ofMinutes(60);
    /** A fullSync mapping for the direct run instead of the defaults, to try settings; the report names it. */
    static final String TUNING = "duplex.bench.fullSync";

    private final BenchContext ctx;
    private final MySqlSandbox source;
    private final MySqlSandbox target;
    private final List<String> checks = new ArrayList<>();

    SnapshotPart(BenchContext ctx, MySqlSandbox source, MySqlSandbox target) {
        this.ctx = ctx;
        this.source = source;
        this.target = target;
    }

    void run() throws Exception {
        BenchOptions o = ctx.options();
        long rows = (long) o.snapshotTables() * o.snapshotRows();
        ctx.say("snapshot: preparing %d tables x %d rows", o.snapshotTables(), o.snapshotRows());
        sql(source, "CREATE DATABASE " + DATABASE);
        new Sysbench(ctx.commands(), o.snapshotTables(), o.snapshotRows(), o.threads()).prepare(source, DATABASE);
        String tuning = System.getProperty(TUNING);
        ctx.say("snapshot: Duplex full sync, written directly into node b%s", tuning == null ? "" : " " + tuning);
        OptionalDouble duplex = duplexFullSync("Duplex", tuning);
        ctx.say("snapshot: Duplex full sync through the queue (fullSync.via: queue)");
        OptionalDouble viaQueue = duplexFullSync("Duplex via the queue", "{via: queue}");
        ctx.say("snapshot: mydumper + myloader");
        double[] my = mydumper();
        ctx.say("snapshot: mariadb-dump | mariadb");
        double dump = mariadbDump();
        var fullSync = FullSyncOptions.defaults();
        ctx.report().section(SECTION, String.format("%d sysbench tables x %,d rows = %,d rows copied from a fresh"
                        + " source into a fresh target; Duplex with %s (chunks of %,d rows, %d readers on node a, %d"
                        + " writers on node b, via %s), %d threads for mydumper/myloader; every copy checked (%s)",
                o.snapshotTables(), o.snapshotRows(), rows, tuning == null ? "default fullSync options"
                        : "fullSync " + tuning + " over the defaults", fullSync.chunkRows(), fullSync.parallelism(),
                fullSync.writers(), fullSync.via().code(), o.threads(), String.join("; ", checks)));
        String note = String.format("mydumper %.1f s + myloader %.1f s (myloader -e: binlogged like the others)",
                my[0], my[1]);
        Figure vsMy = duplex.isPresent()
                ? Figure.of(SECTION, "copy rate", "rows/s", rows / duplex.getAsDouble(), rows / (my[0] + my[1]),
                        "mydumper + myloader").withNote(note)
                : Figure.unavailable(SECTION, "copy rate", "rows/s", OptionalDouble.of(rows / (my[0] + my[1])),
                        "mydumper + myloader", "not available (full sync not implemented in this build); " + note);
        ctx.report().add(vsMy.withGoal(new Figure.Goal.RatioAtLeast(1.5)));
        ctx.report().add(duplex.isPresent()
                ? Figure.of(SECTION, "copy rate", "rows/s", rows / duplex.getAsDouble(), rows / dump,
                        "mariadb-dump | mariadb")
                : Figure.unavailable(SECTION, "copy rate", "rows/s", OptionalDouble.of(rows / dump),
                        "mariadb-dump | mariadb", "not available (full sync not implemented in this build)"));
        if (viaQueue.isPresent()) {
            ctx.report().add(Figure.of(SECTION, "copy rate, fullSync.via: queue", "rows/s",
                    rows / viaQueue.getAsDouble(), rows / (my[0] + my[1]), "mydumper + myloader")
                    .withNote("the copy as snapshot batches on one FIFO group, applied on one connection"));
        }
    }

    /**
     * Seconds from the task's start until it runs incrementally with every row copied; empty if unsupported.
     *
     * @param fullSync the task's sync.fullSync (YAML flow mapping), null for the defaults
     */
    private OptionalDouble duplexFullSync(String how, String fullSync) throws Exception {
        String dir = "snapshot-task-" + checks.size();
        try (DuplexTask task = DuplexTask.create(ctx.tasks(), ctx.dir(dir), "bench-snap" + checks.size(), source,
                target, List.of(DATABASE), List.of("schema", "full", "incremental"), fullSync)) {
            long start = System.nanoTime();
            ctx.profiler().begin("snapshot " + how + " full sync");
            try {
                task.start();
            } catch (IllegalStateException e) {
                if (task.record().state() == TaskState.FAILED) {
                    checks.add(how + ": " + e.getMessage());
                    return OptionalDouble.empty();
                }
                throw e;
            }
            task.awaitState(TaskState.RUNNING, TIMEOUT);
            double seconds = Timing.secondsSince(start);
            ctx.profiler().end();
            verify(how);
            return OptionalDouble.of(seconds);
        } finally {
            ctx.profiler().end();
            sql(target, "DROP DATABASE IF EXISTS " + DATABASE);
        }
    }

    /** Seconds of the dump and of the load. */
    private double[] mydumper() throws SQLException {
        BenchOptions o = ctx.options();
        Path dir = ctx.dir("mydumper");
        long start = System.nanoTime();
        ctx.commands().run("mydumper", List.of("mydumper", "-h", source.host(), "-P", Integer.toString(source.port()),
                "-u", source.user(), "-p", source.password(), "-B", DATABASE, "-o", dir.toString(), "-t",
                Integer.toString(o.threads()), "-v", "1"), Map.of(), TIMEOUT);
        double dump = Timing.secondsSince(start);
        start = System.nanoTime();
        ctx.commands().run("myloader", List.of("myloader", "-h", target.host(), "-P", Integer.toString(target.port()),
                "-u", target.user(), "-p", target.password(), "-d", dir.toString(), "-t",
                Integer.toString(o.threads()), "-e", "-v", "1"), Map.of(), TIMEOUT);
        double load = Timing.secondsSince(start);
        verify("mydumper + myloader");
        sql(target, "DROP DATABASE " + DATABASE);
        return new double[] {dump, load};
    }

    private double mariadbDump() throws Exception {
        List<String> dump = List.of("mariadb-dump", "-h", source.host(), "-P", Integer.toString(source.port()), "-u",
                source.user(), "--single-transaction", "--databases", DATABASE);
        List<String> load = List.of("mariadb", "-h", target.host(), "-P", Integer.toString(target.port()), "-u",
                target.user());
        long start = System.nanoTime();
        Pipeline.run(ctx.commands(), "mariadb-dump-into-mariadb", dump, Map.of("MYSQL_PWD", source.password()), load,
                Map.of("MYSQL_PWD", target.password()), TIMEOUT);
        double seconds = Timing.secondsSince(start);
        verify("mariadb-dump | mariadb");
        sql(target, "DROP DATABASE " + DATABASE);
        return seconds;
    }

    /** Compares CHECKSUM TABLE of every table on source and target; a difference stops the bench. */
    private void verify(String how) throws SQLException {
        Checksums.requireIdentical(source, target, DATABASE, ctx.options().snapshotTables(), how);
        checks.add(how + ": identical");
    }

    private static void sql(MySqlServer server, String statement) throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }
}
