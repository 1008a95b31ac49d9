package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.aws.store.DynamoSnapshotStore;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Value;
import dev.duplex.core.store.CaptureCheckpoint;
import dev.duplex.core.store.SnapshotState;
import dev.duplex.core.store.TableProgress;
import dev.duplex.sandbox.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Full sync in the forward capture, on a real MariaDB: every column family read by the snapshot
 * is the very value capture publishes from the binlog for the same row; keyset paging over a
 * composite key with an ENUM in it visits every row once; the snapshot goes before the binlog
 * and the capture streams from the snapshot's start afterwards.
 */
class SnapshotCopyIT {
    private static final String TYPES = """
            CREATE TABLE snap.types (
              id INT PRIMARY KEY,
              ti TINYINT, t1 TINYINT(1), tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED,
              mi MEDIUMINT, miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED,
              d DECIMAL(65,30), d2 DECIMAL(10,2), f FLOAT, db DOUBLE, b1 BIT(1), b13 BIT(13), b64 BIT(64),
              c CHAR(10) CHARACTER SET utf8mb4, vc VARCHAR(50) CHARACTER SET utf8mb4, tx TEXT CHARACTER SET utf8mb4,
              cl CHAR(10) CHARACTER SET latin1, vcl VARCHAR(50) CHARACTER SET latin1, txl TEXT CHARACTER SET latin1,
              bn BINARY(4), vb VARBINARY(10), bl BLOB,
              e ENUM('small','médium','large'), st SET('a','b','c'),
              dt DATE, tm TIME(6), tm0 TIME, dtm DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL, dt3 DATETIME(3), y YEAR,
              j JSON, g GEOMETRY,
              gen INT AS (i * 2) VIRTUAL, gens VARCHAR(60) AS (CONCAT(vc, '!')) STORED,
              inv INT INVISIBLE DEFAULT 7
            ) DEFAULT CHARSET=utf8mb4""";
    private static final String COLUMNS = "id, ti, t1, tiu, si, siu, mi, miu, i, iu, bi, biu, d, d2, f, db, b1, b13, b64, "
            + "c, vc, tx, cl, vcl, txl, bn, vb, bl, e, st, dt, tm, tm0, dtm, ts, dt3, y, j, g";
    private static final String NINES = "9".repeat(35) + "." + "9".repeat(30);

    private static CaptureHarness h;

    @BeforeAll
    static void start() {
        h = new CaptureHarness(TestServers.a());
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void shouldCopyEveryTypeFamilyExactlyAsCaptureReadsItAndPageEveryRowOnce() throws Exception {
        h.sql("CREATE DATABASE snap", TYPES,
                "CREATE TABLE snap.paged (e ENUM('b','a','c') NOT NULL, n INT NOT NULL, v VARCHAR(20), PRIMARY KEY (e, n))");
        CaptureHarness.Task task = h.task("snap", "- database: snap",
                "sync:\n  fullSync: {chunkRows: 100, parallelism: 2, via: queue}");
        Map<Long, List<Value>> fromBinlog;
        try (CaptureService capture = h.capture(task, b -> { })) {
            Await.streaming(capture);
            writeTypeRows();
            QueueDrain binlog = h.drain(task);
            binlog.until(d -> d.rowCount() >= 5, Duration.ofSeconds(60), "five row changes of snap.types");
            fromBinlog = lastImages(binlog.rows());
        }
        writePagedRows();
        BinlogPosition start = currentPosition();
        // Written after the start position, before the copy: read by the copy and streamed again as catch-up.
        h.sql("INSERT INTO snap.paged VALUES ('a', 999, 'during')");
        var snapshots = new DynamoSnapshotStore(h.aws.dynamo(), h.tables);
        snapshots.save(SnapshotState.initial(task.name(), Clock.systemUTC().instant())
                .withPositions(start, start, Clock.systemUTC().instant())
                .withSchema(true, true, Clock.systemUTC().instant())); // the tables exist on both sides already
        CaptureResources withSnapshots = new CaptureResources(h.aws.sqs(), h.tasks(), h.checkpoints(), h.leases(),
                SecretResolvers.defaults(), Clock.systemUTC(), snapshots, null);
        CaptureSettings settings = h.settings(task, "a", task.queueUrl()).build();
        try (CaptureService capture = new CaptureService(settings, withSnapshots)) {
            capture.start();
            Await.streaming(capture);
            QueueDrain copy = h.drain(task);
            copy.until(d -> snapshotRows(d).size() >= 4 + 351, Duration.ofSeconds(60), "the snapshot of both tables");
            List<RowChange> rows = snapshotRows(copy);
            Map<Long, List<Value>> fromSnapshot = lastImages(rows.stream().filter(r -> r.table().equals("types")).toList());
            assertEquals(fromBinlog.keySet(), fromSnapshot.keySet());
            List<String> names = rows.stream().filter(r -> r.table().equals("types")).findFirst().orElseThrow().columns();
            for (Long id : fromBinlog.keySet()) {
                for (int i = 0; i < names.size(); i++) {
                    assertEquals(fromBinlog.get(id).get(i), fromSnapshot.get(id).get(i), "row " + id + " column "
                            + names.get(i));
                }
            }
            Set<String> paged = new HashSet<>();
            rows.stream().filter(r -> r.table().equals("paged"))
                    .forEach(r -> assertTrue(paged.add(r.after().get(0) + "/" + r.after().get(1)), "read twice: " + r));
            assertEquals(351, paged.size());

            SnapshotState done = snapshots.state(task.name()).orElseThrow();
            assertTrue(done.copied());
            assertTrue(done.endPos().compareTo(start) >= 0);
            for (TableProgress p : snapshots.tables(task.name())) {
                assertTrue(p.done(), p.toString());
                assertEquals(p.table().equals("paged") ? 351 : 4, p.rowsDone(), p.toString());
            }
            CaptureCheckpoint cp = h.checkpoints().load(task.name(), Direction.A2B).orElseThrow();
            assertTrue(cp.position().compareTo(start) >= 0, "checkpoint " + cp.position() + " is not before the start");

            h.sql("INSERT INTO snap.paged VALUES ('c', 1000, 'after')");
            copy.until(d -> dml(d).size() >= 2, Duration.ofSeconds(60), "the rows written during and after the copy");
            Batch during = dml(copy).get(0);
            assertEquals(new Value.Text("during"),
                    ((RowChange) during.transactions().get(0).changes().get(0)).after().get(2));
            assertTrue(during.catchUp(), "streamed from the start position, up to the copy's end as catch-up");
            Batch after = dml(copy).get(1);
            assertFalse(after.catchUp(), "a transaction after the snapshot's end is not catch-up");
            assertTrue(after.seq().compareTo(Seq.ofSnapshotChunk(start, 9_999_999_999L)) > 0);
            int lastSnapshot = 0;
            for (int i = 0; i < copy.dataBatches().size(); i++) {
                if (copy.dataBatches().get(i).kind() == BatchKind.SNAPSHOT) {
                    lastSnapshot = i;
                }
            }
            assertTrue(copy.dataBatches().indexOf(after) > lastSnapshot, "every snapshot batch goes first");
        }
    }

    private static List<Batch> dml(QueueDrain d) {
        return d.dataBatches().stream().filter(b -> b.kind() == BatchKind.DML).toList();
    }

    private static List<RowChange> snapshotRows(QueueDrain d) {
        return d.dataBatches().stream().filter(b -> b.kind() == BatchKind.SNAPSHOT)
                .flatMap(b -> b.transactions().stream()).flatMap(t -> t.changes().stream())
                .map(c -> (RowChange) c).toList();
    }

    /** The last after-image of each id (the first column). */
    private static Map<Long, List<Value>> lastImages(List<RowChange> rows) {
        Map<Long, List<Value>> out = new HashMap<>();
        for (RowChange r : rows) {
            if (r.table().equals("types") && r.after() != null) {
                out.put(((Value.Int) r.after().get(0)).value(), r.after());
            }
        }
        return out;
    }

    private static void writeTypeRows() throws SQLException {
        try (Connection c = h.db.connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = ''");
            s.execute("SET SESSION time_zone = '+00:00'");
            s.execute("INSERT INTO snap.types (" + COLUMNS + ") VALUES (1, -128, 0, 0, -32768, 0, -8388608, 0, "
                    + "-2147483648, 0, -9223372036854775808, 0, -" + NINES + ", -0.50, -3.4028234663852886e38, "
                    + "-1.7976931348623157e308, b'0', b'0', b'0', '', '', '', '', '', '', x'00', x'', x'', 'small', '', "
                    + "'0000-00-00', '-838:59:59.000000', '00:00:00', '0000-00-00 00:00:00.000000', "
                    + "'0000-00-00 00:00:00', '2024-00-00 00:00:00', 0, 'null', ST_GeomFromText('POINT(0 0)'))");
            s.execute("INSERT INTO snap.types (" + COLUMNS + ") VALUES (2, 127, 1, 255, 32767, 65535, 8388607, 16777215, "
                    + "2147483647, 4294967295, 9223372036854775807, 18446744073709551615, " + NINES + ", 12345678.90, "
                    + "3.4028234663852886e38, 2.2250738585072014e-308, b'1', b'1010101010101', b'" + "1".repeat(64)
                    + "', 'ab\uD83D\uDE00', 'Grüße \uD83D\uDE00 €', 'text \uD83D\uDC4D\n\ttab', 'é€', 'Ünïcödé', "
                    + "'latin1 ÿ', x'01', x'00ff00', x'00010203fffe00', 'médium', 'a,c', '2024-02-29', "
                    + "'838:59:59.999999', '23:59:59', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999', "
                    + "'2024-05-06 07:08:09.120', 2155, '{\"k\": [1, 2.5, \"x\"], \"n\": null}', "
                    + "ST_GeomFromText('LINESTRING(0 0, 1 1.5, -2 3)'))");
            s.execute("INSERT INTO snap.types (id) VALUES (3)");
            s.execute("INSERT INTO snap.types (id, f, db, vc) VALUES (4, 0.1, 0.1, 'trailing  ')");
            s.execute("SET SESSION time_zone = '+02:00'");
            s.execute("UPDATE snap.types SET ts = '2024-06-01 12:00:00.25' WHERE id = 3");
        }
    }

    private static void writePagedRows() throws SQLException {
        try (Connection c = h.db.connect(); Statement s = c.createStatement()) {
            StringBuilder sb = new StringBuilder("INSERT INTO snap.paged VALUES ");
            String[] labels = {"b", "a", "c"};
            for (int n = 0; n < 350; n++) {
                sb.append(n == 0 ? "" : ",").append("('").append(labels[n % 3]).append("', ").append(n / 3)
                        .append(", 'v").append(n).append("')");
            }
            s.execute(sb.toString());
        }
    }

    private static BinlogPosition currentPosition() throws SQLException {
        try (Connection c = h.db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return new BinlogPosition(rs.getString(1), rs.getLong(2));
        }
    }
}
