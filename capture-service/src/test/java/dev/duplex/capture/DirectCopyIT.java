package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.aws.store.DynamoSnapshotStore;
import dev.duplex.capture.snapshot.DirectCopy;
import dev.duplex.core.config.FullSyncRoute;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.sql.DeferredIndexes;
import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.core.store.SnapshotState;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.FifoQueues;
import dev.duplex.sandbox.MySqlServer;
import dev.duplex.sandbox.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Full sync written by the forward capture straight into node b (fullSync.via: direct), on two
 * real MariaDB servers: every type arrives exactly as node a holds it, a row node b already has
 * stays as it is there, node b's capture publishes nothing of the copy, and a copy stopped at a
 * random chunk resumes from node b's progress with every row written exactly once.
 */
class DirectCopyIT {
    private static final String TYPES = """
            CREATE TABLE %s.types (
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
    /** Two non-unique indexes (a prefix, DESC, a comment) node b builds after the copy, one unique it keeps. */
    private static final String INDEXED = "CREATE TABLE direct.indexed (id INT PRIMARY KEY, k INT NOT NULL, "
            + "c VARCHAR(40) NOT NULL, u INT NOT NULL, KEY by_k (k), UNIQUE KEY by_u (u), "
            + "KEY by_c_k (c(8) DESC, k) COMMENT 'built after the copy')";

    private static CaptureHarness h;
    private static MySqlServer b;

    @BeforeAll
    static void start() {
        h = new CaptureHarness(TestServers.a());
        b = TestServers.b();
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void shouldWriteEveryTypeExactlyKeepNodeBsOwnRowAndPublishNothingOfTheCopyFromNodeB() throws Exception {
        for (MySqlServer node : List.of(h.db, b)) {
            sql(node, "CREATE DATABASE direct", TYPES.formatted("direct"), "CREATE TABLE direct.many (id INT PRIMARY KEY,"
                    + " k INT NOT NULL, v VARCHAR(40), UNIQUE KEY by_k (k), KEY by_v (v))",
                    "CREATE TABLE direct.sentinel (id INT PRIMARY KEY)",
                    "CREATE TABLE direct.floaty (id FLOAT PRIMARY KEY, v INT NOT NULL)", INDEXED,
                    "CREATE TABLE direct.fkparent (id INT PRIMARY KEY, name VARCHAR(20), KEY by_name (name))",
                    "CREATE TABLE direct.fkchild (id INT PRIMARY KEY, p INT, KEY by_p (p), CONSTRAINT fk_p FOREIGN KEY (p)"
                            + " REFERENCES direct.fkparent (id))");
        }
        writeTypeRows("direct");
        sql(h.db, "INSERT INTO direct.many SELECT seq, seq * 3, CONCAT('a-', seq, '\\t\\n\\\\') FROM direct.seq_1_to_20000",
                "INSERT INTO direct.indexed SELECT seq, seq % 97, CONCAT('c-', seq % 89), seq FROM direct.seq_1_to_5000",
                "INSERT INTO direct.fkparent SELECT seq, CONCAT('p', seq) FROM direct.seq_1_to_50",
                "INSERT INTO direct.fkchild SELECT seq, seq % 50 + 1 FROM direct.seq_1_to_500");
        // FLOAT keys with no exact decimal text: each keyset query must start right after its last row, never at it.
        sql(h.db, "INSERT INTO direct.floaty SELECT seq / 10 + 0.03, seq FROM direct.seq_1_to_2000");
        sql(b, "INSERT INTO direct.many VALUES (5, 15, 'b-own')");
        BinlogPosition bBefore = position(b);
        CaptureHarness.Task task = h.task("direct", "- database: direct",
                "sync:\n  fullSync: {chunkRows: 700, parallelism: 2, writers: 4}", b);
        copy(task);

        assertSameRows("direct.types", "id");
        assertEquals(checksum(h.db, "direct.types"), checksum(b, "direct.types"));
        List<String> onA = rows(h.db, "SELECT id, k, v FROM direct.many WHERE id <> 5 ORDER BY id");
        assertEquals(onA, rows(b, "SELECT id, k, v FROM direct.many WHERE id <> 5 ORDER BY id"));
        assertEquals(List.of("5|15|b-own"), rows(b, "SELECT id, k, v FROM direct.many WHERE id = 5"),
                "a row whose key node b has stays as it is there");
        assertEquals(checksum(h.db, "direct.floaty"), checksum(b, "direct.floaty"));
        assertEquals(List.of("direct|fkchild|1|500", "direct|fkparent|1|50", "direct|floaty|1|2000",
                "direct|indexed|1|5000", "direct|many|1|20000", "direct|sentinel|1|0", "direct|types|1|4"),
                rows(b, "SELECT db, "
                + "tbl, done, rows_done FROM duplex.snapshot_progress WHERE task = '" + task.name() + "' ORDER BY tbl"));
        assertEquals(checksum(h.db, "direct.indexed"), checksum(b, "direct.indexed"));

        // Node b's non-unique index of the table it held empty was dropped before its first chunk and added back
        // after its last one, in marked statements; the unique index stayed, and so did every index of the
        // table node b held a row of and of the tables in a foreign key.
        List<String> events = binlogEvents(b, bBefore);
        int chunks = chunksMarkedFirst(events);
        assertTrue(chunks >= 20_000 / 700, "chunks with their writer's mark first: " + chunks);
        String writerRows = "FROM duplex.snapshot_writer WHERE task = '" + task.name() + "'";
        assertTrue(Long.parseLong(rows(b, "SELECT SUM(chunks) " + writerRows).get(0)) >= chunks);
        List<String> marked = events.stream().filter(e -> e.contains(DeferredIndexes.MARKER)).toList();
        assertEquals(2, marked.size(), "one DROP and one ADD, for direct.indexed only: " + marked);
        assertTrue(marked.get(0).contains("`direct`.`indexed` DROP INDEX `by_k`, DROP INDEX `by_c_k`"), marked.get(0));
        assertTrue(marked.get(1).contains("`direct`.`indexed` ADD KEY `by_k` (`k`), ADD KEY `by_c_k`"), marked.get(1));
        int drop = events.indexOf(marked.get(0));
        int add = events.indexOf(marked.get(1));
        List<Integer> chunksOfIndexed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).startsWith("Table_map") && events.get(i).contains("(direct.indexed)")) {
                chunksOfIndexed.add(i);
            }
        }
        assertFalse(chunksOfIndexed.isEmpty(), "no rows of direct.indexed in node b's binlog");
        assertTrue(drop < chunksOfIndexed.get(0) && chunksOfIndexed.get(chunksOfIndexed.size() - 1) < add,
                "the index was there while rows were copied: DROP at " + drop + ", ADD at " + add + ", rows at "
                        + chunksOfIndexed);
        for (String t : List.of("direct.indexed", "direct.many", "direct.fkparent", "direct.fkchild")) {
            assertEquals(showCreate(h.db, t), showCreate(b, t), t + " on node b");
        }
        assertEquals(List.of("0"), rows(b, "SELECT COUNT(*) FROM duplex.deferred_index WHERE task = '" + task.name()
                + "'"), "recorded indexes are forgotten once added back");

        // Node b's capture over everything the copy wrote: only the row written on b afterwards comes out.
        String url = FifoQueues.create(h.aws.sqs(), QueueNames.baseName(task.name(), Direction.B2A), 5,
                Duration.ofSeconds(30)).url();
        sql(b, "INSERT INTO direct.sentinel VALUES (1)");
        CaptureSettings settings = h.settings(task, "b", url)
                .startOverride(bBefore).build();
        try (CaptureService reverse = new CaptureService(settings, h.resources())) {
            reverse.start();
            QueueDrain drain = new QueueDrain(h.aws.sqs(), url);
            drain.until(d -> d.rows().stream().anyMatch(r -> r.table().equals("sentinel")), Duration.ofSeconds(60),
                    "node b's own row");
            List<String> published = new ArrayList<>();
            for (RowChange r : drain.rows()) {
                published.add(r.database() + "." + r.table());
            }
            assertEquals(List.of("direct.sentinel"), published, "node b's capture published rows of the copy");
            assertTrue(drain.dataBatches().stream().noneMatch(x -> x.kind() == BatchKind.SNAPSHOT));
            assertTrue(drain.dataBatches().stream().noneMatch(x -> x.kind() == BatchKind.DDL),
                    "node b's capture published the dropped or added indexes");
        }
        try (Connection c = b.connect()) {
            DirectCopy.forget(c, task.name()); // duplex task reset
        }
        assertEquals(List.of("0"), rows(b, "SELECT COUNT(*) " + writerRows), "the writers' rows outlived a reset");
    }

    /**
     * The task's selection holds on the LOAD DATA copy as on the binlog: a table with a WHERE
     * filter gets only the rows it selects, a table with selected columns only those under its
     * name on node b (the others keep node b's default, a generated column is computed there), and
     * a table whose INSERTs are not synchronized gets no row.
     */
    @Test
    void shouldCopyOnlyTheSelectedRowsAndColumnsUnderNodeBsNames() throws Exception {
        sql(h.db, "CREATE DATABASE selcopy",
                "CREATE TABLE selcopy.customers (id INT PRIMARY KEY, name VARCHAR(40), region CHAR(2))",
                "CREATE TABLE selcopy.notes (id INT PRIMARY KEY, body TEXT, hidden INT, twice INT AS (id * 2) STORED)",
                "CREATE TABLE selcopy.audit (id INT PRIMARY KEY, v INT)");
        sql(b, "CREATE DATABASE selcopy",
                "CREATE TABLE selcopy.customers (id INT PRIMARY KEY, name VARCHAR(40), region CHAR(2))",
                "CREATE TABLE selcopy.memos (id INT PRIMARY KEY, body TEXT, hidden INT DEFAULT 7, "
                        + "twice INT AS (id * 2) STORED)",
                "CREATE TABLE selcopy.audit (id INT PRIMARY KEY, v INT)");
        sql(h.db, "INSERT INTO selcopy.customers SELECT seq, CONCAT('c\\t', seq), IF(seq % 3 = 0, 'EU', 'US') "
                        + "FROM selcopy.seq_1_to_3000",
                "INSERT INTO selcopy.notes (id, body, hidden) SELECT seq, IF(seq % 10 = 0, NULL, "
                        + "CONCAT('n\\t\\n\\\\ é \uD83D\uDE00 ', seq)), seq FROM selcopy.seq_1_to_2500",
                "INSERT INTO selcopy.audit SELECT seq, seq FROM selcopy.seq_1_to_100");
        CaptureHarness.Task task = h.task("selcopy", """
                - database: selcopy
                  tables:
                    - name: customers
                      where: "region = 'EU'"
                    - name: notes
                      renameTo: memos
                      columns: [id, body]
                    - name: audit
                      operations: [update, delete]
                """, "sync:\n  fullSync: {chunkRows: 700, parallelism: 2, writers: 2}", b);
        copy(task);

        String eu = "SELECT id, name, region FROM selcopy.customers WHERE region = 'EU' ORDER BY id";
        assertEquals(rows(h.db, eu), rows(b, "SELECT id, name, region FROM selcopy.customers ORDER BY id"));
        assertEquals(List.of("1000"), rows(b, "SELECT COUNT(*) FROM selcopy.customers"));
        assertEquals(rows(h.db, "SELECT id, body, 7, twice FROM selcopy.notes ORDER BY id"),
                rows(b, "SELECT id, body, hidden, twice FROM selcopy.memos ORDER BY id"));
        assertEquals(List.of("0"), rows(b, "SELECT COUNT(*) FROM selcopy.audit"));
    }

    /** A filter comparing text with an integer copies what node a's own WHERE selects ('5e 9' is 5000000000). */
    @Test
    void shouldCopyTheRowsTheSourcesOwnWhereSelects() throws Exception {
        sql(h.db, "CREATE DATABASE codecopy", "CREATE TABLE codecopy.t (id INT PRIMARY KEY, code VARCHAR(20))",
                "INSERT INTO codecopy.t VALUES (1, '5e 9'), (2, '5'), (3, '5e -1'), (4, '1e-40'), (5, '11'), (6, 'x')");
        sql(b, "CREATE DATABASE codecopy", "CREATE TABLE codecopy.t (id INT PRIMARY KEY, code VARCHAR(20))");
        CaptureHarness.Task task = h.task("codecopy", """
                - database: codecopy
                  tables:
                    - name: t
                      where: "code <= 10"
                """, "", b);
        copy(task);
        assertEquals(rows(h.db, "SELECT id FROM codecopy.t WHERE code <= 10 ORDER BY id"),
                rows(b, "SELECT id FROM codecopy.t ORDER BY id"));
        assertEquals(List.of("2", "3", "4", "6"), rows(b, "SELECT id FROM codecopy.t ORDER BY id"));
    }

    /**
     * Node b with local_infile off (MySQL's default): the copy writes multi-row INSERTs instead of
     * LOAD DATA, and every type still arrives exactly as node a holds it, texts with tabs, newlines
     * and backslashes too; the deferred index comes back the same way.
     */
    @Test
    void shouldWriteEveryTypeExactlyWithInsertsWhereNodeBRefusesLoadDataLocal() throws Exception {
        for (MySqlServer node : List.of(h.db, b)) {
            sql(node, "CREATE DATABASE noinfile", TYPES.formatted("noinfile"), "CREATE TABLE noinfile.many (id INT "
                    + "PRIMARY KEY, k INT NOT NULL, v VARCHAR(40), UNIQUE KEY by_k (k), KEY by_v (v))");
        }
        writeTypeRows("noinfile");
        sql(h.db, "INSERT INTO noinfile.many SELECT seq, seq * 3, CONCAT('a-', seq, '\\t\\n\\\\') FROM "
                + "noinfile.seq_1_to_20000");
        CaptureHarness.Task task = h.task("noinfile", "- database: noinfile",
                "sync:\n  fullSync: {chunkRows: 700, parallelism: 2, writers: 4}", b);
        long loadsBefore = status(b, "Com_load");
        long insertsBefore = status(b, "Com_insert");
        sql(b, "SET GLOBAL local_infile = 0");
        try {
            copy(task);
        } finally {
            sql(b, "SET GLOBAL local_infile = 1");
        }
        assertEquals(loadsBefore, status(b, "Com_load"), "no LOAD DATA while node b refuses it");
        assertTrue(status(b, "Com_insert") - insertsBefore >= 20_000 / 700, "the chunks went as INSERTs");
        assertSameRows("noinfile.types", "id");
        assertEquals(checksum(h.db, "noinfile.types"), checksum(b, "noinfile.types"));
        assertEquals(rows(h.db, "SELECT id, k, v FROM noinfile.many ORDER BY id"),
                rows(b, "SELECT id, k, v FROM noinfile.many ORDER BY id"));
        assertEquals(checksum(h.db, "noinfile.many"), checksum(b, "noinfile.many"));
        assertEquals(showCreate(h.db, "noinfile.many"), showCreate(b, "noinfile.many"), "the deferred index is back");
    }

    /**
     * Node b's local_infile turned off in the middle of a copy: the chunks being loaded are not
     * committed, and the copy goes on with multi-row INSERTs, every row written exactly once.
     */
    @Test
    void shouldGoOnWithInsertsWhenNodeBTurnsLoadDataOffDuringTheCopy() throws Exception {
        CaptureHarness.Task task = countedTable("infileoff", 4);
        var snapshots = seeded(task);
        long loads;
        try (CaptureService capture = capture(task, snapshots)) {
            Await.until(() -> chunks(task) >= 3, Duration.ofSeconds(120), () -> "3 chunks on node b");
            sql(b, "SET GLOBAL local_infile = 0");
            try {
                loads = status(b, "Com_load");
                Await.streaming(capture);
            } finally {
                sql(b, "SET GLOBAL local_infile = 1");
            }
        }
        assertTrue(chunks(task) > 3);
        assertEquals(List.of("100000"), rows(b, "SELECT COUNT(*) FROM infileoff.t"));
        assertEquals(List.of("100000"), rows(b, "SELECT n FROM infileoff.attempts"), "rows written more than once");
        assertEquals(checksum(h.db, "infileoff.t"), checksum(b, "infileoff.t"));
        assertEquals(showCreate(h.db, "infileoff.t"), showCreate(b, "infileoff.t"));
        assertTrue(status(b, "Com_load") - loads <= 4, "at most the loads already under way when it was turned off");
    }

    /**
     * A row whose generated column overflows (node a stored it in non-strict mode) and, after it in the
     * same chunk, a value node b's narrower column cannot store: the INSERT runs again with strict mode
     * lifted for the generated column, and the truncation that lifting lets through fails the chunk, on
     * the INSERT path and on the LOAD DATA path alike. Nothing of the chunk is committed, the task is
     * FAILED with the fix, and node b never holds the truncated row.
     */
    @Test
    void shouldStopTheCopyWhenALiftedStatementTruncatesAValueBesideAnOverflowingGeneratedColumn() throws Exception {
        for (int infile : new int[] {0, 1}) {
            String db = "twobad" + infile;
            String table = "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, i INT, v VARCHAR(%d), g INT AS (i * 2) VIRTUAL)";
            sql(h.db, "CREATE DATABASE " + db, table.formatted(20));
            sql(b, "CREATE DATABASE " + db, table.formatted(5));
            try (Connection c = h.db.connect(); Statement st = c.createStatement()) {
                st.execute("SET SESSION sql_mode = ''");
                st.execute("INSERT INTO " + db + ".t (id, i, v) SELECT seq, seq, 'ok' FROM " + db + ".seq_1_to_50");
                st.execute("INSERT INTO " + db + ".t (id, i, v) VALUES (51, 2147483647, 'ok'), (52, 1, 'longer than five')");
            }
            CaptureHarness.Task task = h.task(db, "- database: " + db, "sync:\n  fullSync: {chunkRows: 1000, writers: 2}", b);
            sql(b, "SET GLOBAL local_infile = " + infile);
            try (CaptureService capture = capture(task, seeded(task))) {
                Await.until(() -> capture.failure().isPresent(), Duration.ofSeconds(120), () -> "the copy to stop");
                String message = capture.failure().get().getMessage();
                assertTrue(message.contains("full sync of " + db + ".t: node b did not store a chunk's values exactly"),
                        message);
                assertTrue(message.contains("make the table's definition on node b the same as on node a"), message);
                assertFalse(message.contains("longer than five"), "a value in the message: " + message);
                assertEquals(TaskState.FAILED, h.tasks().get(task.name()).orElseThrow().state());
            } finally {
                sql(b, "SET GLOBAL local_infile = 1");
            }
            assertEquals(List.of("0"), rows(b, "SELECT COUNT(*) FROM " + db + ".t"), "rows of the refused chunk on node b"
                    + (infile == 0 ? " (INSERTs)" : " (LOAD DATA)"));
        }
    }

    /**
     * Node b refuses a value outright: an INSERT's value its narrower column cannot hold (strict mode),
     * or one its CHECK constraint rejects (INSERT or LOAD DATA). The task is FAILED with the table, the
     * server's error code and the fix, as for a LOAD DATA that stored a value inexactly, and never with
     * a value in the message.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "v VARCHAR(5)|1406|0|refused a chunk's values (Data truncation: Data too long for column 'v' at row 51)",
        "v VARCHAR(20), CONSTRAINT short CHECK (CHAR_LENGTH(v) < 10)|4025|0|refused a chunk's values (CONSTRAINT `short` failed",
        "v VARCHAR(20), CONSTRAINT short CHECK (CHAR_LENGTH(v) < 10)|4025|1|did not store a chunk's values exactly "
                + "(50 of 51 rows, 1 warnings, codes [4025])"})
    void shouldStopTheCopyWithTheFixWhenNodeBRefusesAValue(String column, int code, int localInfile, String says)
            throws Exception {
        String db = "refused" + code + "_" + localInfile;
        String table = "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, %s)";
        sql(h.db, "CREATE DATABASE " + db, table.formatted("v VARCHAR(20)"),
                "INSERT INTO " + db + ".t SELECT seq, 'ok' FROM " + db + ".seq_1_to_50",
                "INSERT INTO " + db + ".t VALUES (51, 'longer than five')");
        sql(b, "CREATE DATABASE " + db, table.formatted(column));
        CaptureHarness.Task task = h.task(db, "- database: " + db, "sync:\n  fullSync: {chunkRows: 1000, writers: 2}", b);
        sql(b, "SET GLOBAL local_infile = " + localInfile);
        try (CaptureService capture = capture(task, seeded(task))) {
            Await.until(() -> capture.failure().isPresent(), Duration.ofSeconds(120), () -> "the copy to stop");
            String message = capture.failure().get().getMessage();
            assertTrue(message.contains("full sync of " + db + ".t: node b " + says), message);
            assertTrue(message.contains("[MySQL error " + code + "]") || localInfile == 1, message);
            assertTrue(message.contains("make the table's definition on node b the same as on node a"), message);
            assertFalse(message.contains("longer than five"), "a value in the message: " + message);
            assertEquals(TaskState.FAILED, h.tasks().get(task.name()).orElseThrow().state());
        } finally {
            sql(b, "SET GLOBAL local_infile = 1");
        }
        assertEquals(List.of("0"), rows(b, "SELECT COUNT(*) FROM " + db + ".t"));
    }

    private static long status(MySqlServer node, String variable) throws SQLException {
        return Long.parseLong(rows(node, "SHOW GLOBAL STATUS LIKE '" + variable + "'").get(0).split("\\|")[1]);
    }

    @Test
    void shouldResumeAfterAStopAtARandomChunkWithEveryRowWrittenExactlyOnce() throws Exception {
        long seed = Long.getLong("duplex.seed", System.nanoTime());
        System.out.println("DirectCopyIT seed: " + seed + " (rerun with -Dduplex.seed=" + seed + ")");
        int stopAt = 2 + new Random(seed).nextInt(60);
        CaptureHarness.Task task = countedTable("resume", 4);
        var snapshots = seeded(task);
        try (CaptureService first = capture(task, snapshots)) {
            Await.until(() -> chunks(task) >= stopAt, Duration.ofSeconds(120), () -> stopAt + " chunks on node b");
        } // stopped in the middle of the copy: chunks being written roll back
        long chunksAtStop = chunks(task);
        assertTrue(chunksAtStop < 101, "the copy ended before it was stopped (" + chunksAtStop + " chunks); seed " + seed);
        assertFalse(snapshots.state(task.name()).orElseThrow().copied());
        assertEquals(List.of(), indexes(b, "resume", "t", "by_n"), "node b's index is deferred while stopped; seed " + seed);
        assertEquals(List.of("resume|t|by_n|KEY `by_n` (`n`)"), rows(b, "SELECT db, tbl, name, definition FROM "
                + "duplex.deferred_index WHERE task = '" + task.name() + "'"), "seed " + seed);
        try (CaptureService second = capture(task, snapshots)) {
            Await.streaming(second);
        }
        assertEquals(List.of("100000"), rows(b, "SELECT COUNT(*) FROM resume.t"));
        assertEquals(List.of("100000"), rows(b, "SELECT n FROM resume.attempts"), "rows written more than once; seed "
                + seed + ", stopped at chunk " + chunksAtStop);
        assertEquals(checksum(h.db, "resume.t"), checksum(b, "resume.t"));
        // 100 full chunks, then an empty one that finds the end.
        assertEquals(List.of("101|100000|1"), rows(b, "SELECT chunks, rows_done, done FROM duplex.snapshot_progress"
                + " WHERE task = '" + task.name() + "'"));
        assertTrue(snapshots.state(task.name()).orElseThrow().copied());
        assertEquals(100_000, snapshots.tables(task.name()).get(0).rowsDone(), "the store is told node b's truth");
        assertEquals(showCreate(h.db, "resume.t"), showCreate(b, "resume.t"), "the index is back; seed " + seed);
        assertEquals(List.of("0"), rows(b, "SELECT COUNT(*) FROM duplex.deferred_index WHERE task = '" + task.name()
                + "'"), "seed " + seed);
    }

    /**
     * A copy begun direct and started again with fullSync.via: queue stops with the reason and the
     * fix instead of finishing through the queue, which would leave node b without the index the
     * direct copy deferred; set back to direct, it finishes with every row once and the index back.
     */
    @Test
    void shouldRefuseToFinishADirectCopyThroughTheQueueAndFinishItDirect() throws Exception {
        CaptureHarness.Task task = countedTable("switchvia", 2);
        var snapshots = seeded(task);
        try (CaptureService first = capture(task, snapshots)) {
            Await.until(() -> chunks(task) >= 3, Duration.ofSeconds(120), () -> "3 chunks on node b");
        }
        assertFalse(snapshots.state(task.name()).orElseThrow().copied(), "stopped before the copy ended");
        assertEquals(FullSyncRoute.DIRECT, snapshots.state(task.name()).orElseThrow().route());

        String queueYaml = task.yaml().replace("writers: 2}", "writers: 2, via: queue}");
        h.tasks().put(task.name(), queueYaml);
        CaptureHarness.Task viaQueue = new CaptureHarness.Task(task.name(), queueYaml,
                TaskConfigLoader.parse(queueYaml, TaskConfigLoader.Format.YAML), task.queueUrl());
        try (CaptureService second = capture(viaQueue, snapshots)) {
            Await.until(() -> second.failure().isPresent(), Duration.ofSeconds(60), () -> "the capture refuses");
            String reason = second.failure().get().getMessage();
            assertTrue(reason.contains("began with fullSync.via: direct") && reason.contains("fullSync.via back to direct")
                    && reason.contains("duplex task reset"), reason);
        }
        assertEquals(List.of(), indexes(b, "switchvia", "t", "by_n"), "the index is still deferred (and recorded)");

        h.tasks().put(task.name(), task.yaml());
        var record = h.tasks().get(task.name()).orElseThrow();
        h.tasks().updateState(task.name(), TaskState.FULL_SYNC, "", record.version()); // duplex task recover
        try (CaptureService third = capture(task, snapshots)) {
            Await.streaming(third);
        }
        assertEquals(List.of("100000"), rows(b, "SELECT COUNT(*) FROM switchvia.t"));
        assertEquals(checksum(h.db, "switchvia.t"), checksum(b, "switchvia.t"));
        assertEquals(showCreate(h.db, "switchvia.t"), showCreate(b, "switchvia.t"), "the index is back");
    }

    /**
     * What a crash leaves recorded (t1: its indexes dropped; t2: recorded but not dropped yet) is added
     * back by duplex task reset, which skips the indexes that exist, and forgotten; a second reset
     * finds nothing to do, and another task's record stays.
     */
    @Test
    void shouldAddBackRecordedIndexesOnResetSkippingOnesThatExist() throws Exception {
        for (MySqlServer node : List.of(h.db, b)) {
            sql(node, "CREATE DATABASE reset_idx");
            for (String t : List.of("t1", "t2")) {
                sql(node, "CREATE TABLE reset_idx." + t + " (id INT PRIMARY KEY, a INT, b VARCHAR(20), KEY by_a (a), "
                        + "KEY by_b (b(5)) COMMENT 'kept')", "INSERT INTO reset_idx." + t + " VALUES (1, 1, 'x'), (2, 2, 'y')");
            }
        }
        try (Connection c = b.connect(); Statement s = c.createStatement()) {
            DuplexSchema.create(s);
            s.execute("ALTER TABLE reset_idx.t1 DROP INDEX by_a, DROP INDEX by_b"); // a crash after the drop
            for (String t : List.of("t1", "t2")) {
                s.execute("INSERT INTO duplex.deferred_index VALUES ('reset-idx', 'snap', 'reset_idx', '" + t + "', "
                        + "'by_a', 0, 'KEY `by_a` (`a`)', UTC_TIMESTAMP(6)), ('reset-idx', 'snap', 'reset_idx', '" + t
                        + "', 'by_b', 1, 'KEY `by_b` (`b`(5)) COMMENT ''kept''', UTC_TIMESTAMP(6))");
            }
            s.execute("INSERT INTO duplex.deferred_index VALUES ('other-task', 'snap', 'reset_idx', 't1', 'by_a', 0, "
                    + "'KEY `by_a` (`a`)', UTC_TIMESTAMP(6))");
        }
        assertEquals(List.of(), indexes(b, "reset_idx", "t1", "by_a"));
        try (Connection c = b.connect()) {
            c.setAutoCommit(true);
            DirectCopy.forget(c, "reset-idx");
            DirectCopy.forget(c, "reset-idx"); // idempotent: nothing left to add
        }
        for (String t : List.of("reset_idx.t1", "reset_idx.t2")) {
            assertEquals(showCreate(h.db, t), showCreate(b, t), t);
        }
        assertEquals(List.of("other-task"), rows(b, "SELECT task FROM duplex.deferred_index WHERE db = 'reset_idx'"));
        try (Connection c = h.db.connect()) { // node a: no record, nothing to do
            c.setAutoCommit(true);
            DirectCopy.forget(c, "reset-idx");
        }
    }

    private static String showCreate(MySqlServer node, String table) throws SQLException {
        return rows(node, "SHOW CREATE TABLE " + table).get(0).split("\\|", 2)[1];
    }

    private static List<String> indexes(MySqlServer node, String db, String table, String name) throws SQLException {
        return rows(node, "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '" + db
                + "' AND TABLE_NAME = '" + table + "' AND INDEX_NAME = '" + name + "'");
    }

    /** Node b's binlog from {@code from} on, one "type|info" per event. */
    /**
     * The transactions of {@code events} that hold rows of the copied database, each checked to
     * begin with its writer's mark (duplex.snapshot_writer): then node b's capture reads none of
     * their rows. Returns how many there were.
     */
    private static int chunksMarkedFirst(List<String> events) {
        String firstMap = null;
        boolean counted = false;
        int chunks = 0;
        for (String e : events) {
            if (e.startsWith("Gtid")) {
                firstMap = null;
                counted = false;
            } else if (e.startsWith("Table_map")) {
                firstMap = firstMap == null ? e : firstMap;
                if (e.contains("(direct.")) {
                    assertTrue(firstMap.contains("(duplex.snapshot_writer)"), "a chunk that begins with " + firstMap);
                    chunks += counted ? 0 : 1;
                    counted = true;
                }
            }
        }
        return chunks;
    }

    private static List<String> binlogEvents(MySqlServer node, BinlogPosition from) throws SQLException {
        List<String> out = new ArrayList<>();
        List<String> files = rows(node, "SHOW BINARY LOGS").stream().map(r -> r.split("\\|")[0])
                .filter(f -> f.compareTo(from.file()) >= 0).sorted().toList();
        try (Connection c = node.connect(); Statement s = c.createStatement()) {
            for (String f : files) {
                String q = "SHOW BINLOG EVENTS IN '" + f + "'" + (f.equals(from.file()) ? " FROM " + from.pos() : "");
                try (ResultSet rs = s.executeQuery(q)) {
                    while (rs.next()) {
                        out.add(rs.getString("Event_type") + "|" + rs.getString("Info"));
                    }
                }
            }
        }
        return out;
    }

    /**
     * db.t (id, v, n with a non-unique index) on both nodes, 100,000 rows on node a, and on node b a
     * trigger counting every row node b is asked to insert, committed or not with its chunk (in
     * db.attempts): exactly once means the committed count equals node a's rows. A task over db.t
     * copying 1,000-row chunks on {@code writers} connections.
     */
    private static CaptureHarness.Task countedTable(String db, int writers) throws SQLException {
        for (MySqlServer node : List.of(h.db, b)) {
            sql(node, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id BIGINT PRIMARY KEY, v VARCHAR(40) NOT NULL,"
                    + " n DECIMAL(12,2), KEY by_n (n))");
        }
        sql(b, "CREATE TABLE " + db + ".attempts (n BIGINT NOT NULL)", "INSERT INTO " + db + ".attempts VALUES (0)",
                "CREATE TRIGGER " + db + ".count_attempts BEFORE INSERT ON " + db + ".t FOR EACH ROW "
                        + "UPDATE " + db + ".attempts SET n = n + 1");
        sql(h.db, "INSERT INTO " + db + ".t SELECT seq, CONCAT('row-', seq), seq / 7 FROM " + db + ".seq_1_to_100000");
        return h.task(db, "- database: " + db + "\n  tables: [t]",
                "sync:\n  fullSync: {chunkRows: 1000, parallelism: 1, writers: " + writers + "}", b);
    }

    /** The task's snapshot state with its positions taken now and schema sync done: the copy is due. */
    private static DynamoSnapshotStore seeded(CaptureHarness.Task task) throws SQLException {
        var snapshots = new DynamoSnapshotStore(h.aws.dynamo(), h.tables);
        Clock clock = Clock.systemUTC();
        BinlogPosition start = position(h.db);
        snapshots.save(SnapshotState.initial(task.name(), clock.instant()).withPositions(start, start, clock.instant())
                .withSchema(true, true, clock.instant()));
        return snapshots;
    }

    /**
     * Copies with a capture that streams afterwards; returns once it streams. The capture tells its
     * listener (the coordinator's wake-up) once, when the store already says copied: told earlier,
     * the coordinator would look too soon and then wait a whole pause.
     */
    private static void copy(CaptureHarness.Task task) throws SQLException {
        var snapshots = seeded(task);
        List<Boolean> toldWhenCopied = new CopyOnWriteArrayList<>();
        Runnable copied = () -> toldWhenCopied.add(snapshots.state(task.name()).orElseThrow().copied());
        try (CaptureService capture = capture(task, snapshots, copied)) {
            Await.streaming(capture);
        }
        assertTrue(snapshots.state(task.name()).orElseThrow().copied());
        assertEquals(List.of(true), toldWhenCopied, "told once, after the copy was recorded as ended");
    }

    private static CaptureService capture(CaptureHarness.Task task, DynamoSnapshotStore snapshots) {
        return capture(task, snapshots, null);
    }

    private static CaptureService capture(CaptureHarness.Task task, DynamoSnapshotStore snapshots, Runnable copied) {
        CaptureResources resources = new CaptureResources(h.aws.sqs(), h.tasks(), h.checkpoints(), h.leases(),
                SecretResolvers.defaults(), Clock.systemUTC(), snapshots, null, copied, null);
        CaptureService capture = new CaptureService(
                h.settings(task, "a", task.queueUrl()).build(), resources);
        capture.start();
        return capture;
    }

    private static long chunks(CaptureHarness.Task task) {
        try {
            List<String> r = rows(b, "SELECT chunks FROM duplex.snapshot_progress WHERE task = '" + task.name() + "'");
            return r.isEmpty() ? 0 : Long.parseLong(r.get(0));
        } catch (SQLException e) {
            return 0; // the duplex schema is not there yet
        }
    }

    /** Every column of every row as the server's bytes, compared between the nodes. */
    private static void assertSameRows(String table, String key) throws SQLException {
        List<List<byte[]>> a = cells(h.db, table, key);
        List<List<byte[]>> onB = cells(b, table, key);
        assertEquals(a.size(), onB.size());
        for (int r = 0; r < a.size(); r++) {
            for (int c = 0; c < a.get(r).size(); c++) {
                assertArrayEquals(a.get(r).get(c), onB.get(r).get(c), table + " row " + r + " column " + (c + 1));
            }
        }
    }

    private static List<List<byte[]>> cells(MySqlServer node, String table, String key) throws SQLException {
        List<List<byte[]>> out = new ArrayList<>();
        try (Connection c = node.connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION time_zone = '+00:00'");
            try (ResultSet rs = s.executeQuery("SELECT *, inv FROM " + table + " ORDER BY " + key)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<byte[]> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getBytes(i));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    private static void writeTypeRows(String db) throws SQLException {
        try (Connection c = h.db.connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = ''");
            s.execute("SET SESSION time_zone = '+00:00'");
            s.execute("INSERT INTO " + db + ".types (" + COLUMNS + ") VALUES (1, -128, 0, 0, -32768, 0, -8388608, 0, "
                    + "-2147483648, 0, -9223372036854775808, 0, -" + NINES + ", -0.50, -3.4028234663852886e38, "
                    + "-1.7976931348623157e308, b'0', b'0', b'0', '', '', '', '', '', '', x'00', x'', x'', 'small', '', "
                    + "'0000-00-00', '-838:59:59.000000', '00:00:00', '0000-00-00 00:00:00.000000', "
                    + "'0000-00-00 00:00:00', '2024-00-00 00:00:00', 0, 'null', ST_GeomFromText('POINT(0 0)'))");
            s.execute("INSERT INTO " + db + ".types (" + COLUMNS + ") VALUES (2, 127, 1, 255, 32767, 65535, 8388607, "
                    + "16777215, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615, " + NINES
                    + ", 12345678.90, 3.4028234663852886e38, 2.2250738585072014e-308, b'1', b'1010101010101', b'"
                    + "1".repeat(64) + "', 'ab\uD83D\uDE00', 'Grüße \uD83D\uDE00 €\\\\N', 'text \uD83D\uDC4D\n\ttab\\\\', "
                    + "'é€', 'Ünïcödé', 'latin1 ÿ\t', x'01', x'00ff0a09', x'00010203fffe005c0a0d09', 'médium', 'a,c', "
                    + "'2024-02-29', '838:59:59.999999', '23:59:59', '9999-12-31 23:59:59.999999', "
                    + "'2038-01-19 03:14:07.999999', '2024-05-06 07:08:09.120', 2155, "
                    + "'{\"k\": [1, 2.5, \"x\\\\n\"], \"n\": null}', ST_GeomFromText('LINESTRING(0 0, 1 1.5, -2 3)'))");
            s.execute("INSERT INTO " + db + ".types (id) VALUES (3)");
            s.execute("INSERT INTO " + db + ".types (id, f, db, vc) VALUES (4, 0.1, 0.1, 'trailing  ')");
            s.execute("SET SESSION time_zone = '+02:00'");
            s.execute("UPDATE " + db + ".types SET ts = '2024-06-01 12:00:00.25' WHERE id = 3");
        }
    }

    private static String checksum(MySqlServer node, String table) throws SQLException {
        return rows(node, "CHECKSUM TABLE " + table).get(0).split("\\|")[1];
    }

    private static BinlogPosition position(MySqlServer node) throws SQLException {
        try (Connection c = node.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return new BinlogPosition(rs.getString(1), rs.getLong(2));
        }
    }

    private static void sql(MySqlServer node, String... statements) throws SQLException {
        try (Connection c = node.connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static List<String> rows(MySqlServer node, String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = node.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }
}
