package dev.duplex.bench;

import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.capture.verify.TableDiff;
import dev.duplex.capture.verify.Verifier;
import dev.duplex.capture.verify.VerifyProgress;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.sandbox.MySqlServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Part 4, verify: one sysbench table of {@code --verify-rows} rows, identical on a master and its
 * native replica, checked by Duplex's verifier (one pass, the defaults of {@code duplex verify})
 * and then by pt-table-checksum on the same pair. Both must find the table equal and count every
 * row; their rates are the figure.
 */
final class VerifyPart {
    static final String DATABASE = "sbverify";
    static final String TABLE = "sbtest1";
    static final String SECTION = "Verification";
    /** {@code duplex verify}'s defaults: rows per checksummed chunk, tables compared at once. */
    static final int CHUNK_ROWS = 10_000;
    static final int PARALLELISM = 2;
    /** 1,000,000 sysbench rows take about 250 MB in InnoDB. */
    static final String BUFFER_POOL = "1G";
    private static final Duration TIMEOUT = Duration.ofMinutes(60);

    private final BenchContext ctx;
    private final MySqlServer master;
    private final NativeReplica replica;

    VerifyPart(BenchContext ctx, MySqlServer master, NativeReplica replica) {
        this.ctx = ctx;
        this.master = master;
        this.replica = replica;
    }

    /** What Duplex's pass found and how long it took. */
    record DuplexPass(long rowsA, long rowsB, long differences, String method, double seconds) {}

    void run() throws Exception {
        int rows = ctx.options().verifyRows();
        ctx.say("verify: preparing %s.%s with %,d rows on the master, replicated to its replica", DATABASE, TABLE,
                rows);
        var start = NativeReplica.masterPosition(master);
        replica.follow(master, start, 0);
        sql(master, "CREATE DATABASE " + DATABASE);
        new Sysbench(ctx.commands(), 1, rows, 1).prepare(master, DATABASE);
        PtTableChecksum.registerReplica(master, replica.server());
        replica.awaitApplied(NativeReplica.masterPosition(master), TIMEOUT);
        // Reads the whole table on both servers, so both tools start with it in the buffer pool,
        // and shows it identical by a means neither tool uses.
        Checksums.requireIdentical(master, replica.server(), DATABASE, 1, "native replication");

        ctx.say("verify: Duplex's verifier (chunks of %,d rows, --parallel %d, no re-check)", CHUNK_ROWS,
                PARALLELISM);
        DuplexPass duplex = duplexPass();
        ctx.say("verify: pt-table-checksum on the same pair");
        long started = System.nanoTime();
        PtTableChecksum.Result pt = new PtTableChecksum(ctx.commands()).run(master, DATABASE, TABLE, TIMEOUT);
        double ptSeconds = Timing.secondsSince(started);
        replica.awaitApplied(NativeReplica.masterPosition(master), TIMEOUT);
        PtTableChecksum.ReplicaCheck onReplica = PtTableChecksum.replicaCheck(replica.server(), DATABASE, TABLE);
        requireWholeTable(rows, duplex, pt, onReplica);
        report(rows, duplex, pt, ptSeconds, onReplica);
    }

    private DuplexPass duplexPass() throws SQLException {
        String doc = BenchTaskConfig.write(ctx.dir("verify-task"), "bench-verify", master, replica.server(),
                List.of(DATABASE), List.of("incremental"));
        TaskConfig config = TaskConfigLoader.parse(doc, TaskConfigLoader.Format.YAML);
        long started = System.nanoTime();
        Verifier.Outcome outcome = new Verifier(config, SecretResolvers.defaults(), CHUNK_ROWS).parallelism(PARALLELISM)
                .progress(VerifyProgress.none()).verify();
        double seconds = Timing.secondsSince(started);
        if (outcome.tables().size() != 1) {
            throw new BenchException("Duplex's verifier compared " + outcome.tables().size() + " tables of "
                    + DATABASE + ", expected 1 (" + TABLE + ")");
        }
        TableDiff t = outcome.tables().getFirst();
        return new DuplexPass(t.rowsA(), t.rowsB(), outcome.differences(), t.method(), seconds);
    }

    /** Both tools must have found the (identical) table equal and seen every row, on both servers. */
    private static void requireWholeTable(long rows, DuplexPass duplex, PtTableChecksum.Result pt,
                                          PtTableChecksum.ReplicaCheck onReplica) {
        if (duplex.differences() != 0 || duplex.rowsA() != rows || duplex.rowsB() != rows) {
            throw new BenchException("Duplex's verifier reported " + duplex.differences() + " differing keys and "
                    + duplex.rowsA() + "/" + duplex.rowsB() + " rows on master/replica of an identical table of "
                    + rows + " rows (CHECKSUM TABLE equal)");
        }
        if (pt.diffs() != 0 || pt.rows() != rows || onReplica.rows() != rows || onReplica.differingChunks() != 0
                || onReplica.chunks() != pt.chunks()) {
            throw new BenchException("pt-table-checksum reported " + pt + " and the replica's checksums " + onReplica
                    + " for an identical table of " + rows + " rows (CHECKSUM TABLE equal)");
        }
    }

    private void report(int rows, DuplexPass duplex, PtTableChecksum.Result pt, double ptSeconds,
                        PtTableChecksum.ReplicaCheck onReplica) {
        ctx.report().section(SECTION, String.format("one sysbench table of %,d rows, identical on a master and its"
                + " native replica (CHECKSUM TABLE equal, in the buffer pool of both, innodb-buffer-pool-size="
                + BUFFER_POOL + "); Duplex's verifier (chunks of %,d"
                + " rows, --parallel %d, which spreads tables; each chunk checksummed on both servers at once; one pass) then pt-table-checksum (its defaults), one after the other, on"
                + " that pair; both found it equal and counted every row on both servers", rows, CHUNK_ROWS,
                PARALLELISM));
        String note = String.format("Duplex %.2f s (%s); pt-table-checksum %.2f s wall, %.2f s by its TIME column,"
                + " %,d chunks", duplex.seconds(), duplex.method(), ptSeconds, pt.seconds(), pt.chunks());
        ctx.report().add(Figure.of(SECTION, "verification rate", "rows/s", rows / duplex.seconds(), rows / ptSeconds,
                "pt-table-checksum").withNote(note));
        ctx.report().add(Figure.of(SECTION, "verification time", "s", duplex.seconds(), ptSeconds,
                "pt-table-checksum"));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("rows", rows);
        d.put("duplexRowsA", duplex.rowsA());
        d.put("duplexRowsB", duplex.rowsB());
        d.put("duplexDifferences", duplex.differences());
        d.put("duplexMethod", duplex.method());
        d.put("duplexSeconds", duplex.seconds());
        d.put("ptRows", pt.rows());
        d.put("ptReplicaRows", onReplica.rows());
        d.put("ptDiffs", pt.diffs());
        d.put("ptReplicaDifferingChunks", onReplica.differingChunks());
        d.put("ptChunks", pt.chunks());
        d.put("ptSkipped", pt.skipped());
        d.put("ptSeconds", ptSeconds);
        d.put("ptTimeColumnSeconds", pt.seconds());
        ctx.report().detail("verify", d);
    }

    private static void sql(MySqlServer server, String statement) throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }
}
