package dev.duplex.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.apply.conflict.Conflict;
import dev.duplex.apply.conflict.ConflictKind;
import dev.duplex.apply.dml.StatementListener;
import dev.duplex.aws.store.DynamoConflictLog;
import dev.duplex.aws.store.DynamoRemovedColumnStore;
import dev.duplex.aws.store.DynamoStatusStore;
import dev.duplex.aws.store.DynamoTaskStore;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.aws.store.TableSetup;
import dev.duplex.core.config.SecretValue;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.BinlogRange;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import dev.duplex.sandbox.AwsEndpoints;
import dev.duplex.sandbox.MySqlSandbox;
import dev.duplex.sandbox.MySqlServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rows node b wrote in an older shape, applied on node a after a's ALTER, step by step on real
 * servers: node a and node b (MariaDB sandboxes), both apply directions, the removed-column
 * records in DynamoDB Local.
 */
class ReverseRowShapeIT {
    private static final String DB = "rev";
    private static MySqlSandbox a;
    private static MySqlSandbox b;
    private static AwsEndpoints aws;
    private static ApplyStores stores;
    private static final AtomicLong POS = new AtomicLong(1000);

    @BeforeAll
    static void start() throws SQLException {
        aws = AwsEndpoints.forTests();
        a = MySqlSandbox.start("a", 1);
        b = MySqlSandbox.start("b", 2);
        StoreTables tables = StoreTables.withPrefix("it-" + UUID.randomUUID().toString().substring(0, 8) + "-");
        TableSetup.createIfMissing(aws.dynamo(), tables);
        stores = new ApplyStores(new DynamoTaskStore(aws.dynamo(), tables, Clock.systemUTC()),
                new DynamoStatusStore(aws.dynamo(), tables), new DynamoConflictLog(aws.dynamo(), tables),
                new DynamoRemovedColumnStore(aws.dynamo(), tables));
        for (MySqlServer node : List.of(a, b)) {
            sql(node, "CREATE DATABASE " + DB);
        }
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {b, a, aws}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing what is left
            }
        }
    }

    @Test
    void shouldGiveNewNotNullColumnsTheirImplicitDefaultOnInsertAndLeaveThemOnUpdate() throws Exception {
        String task = task("sync:\n  conflictPolicy: task-failed\n");
        sql(a, "CREATE TABLE rev.fill (id INT PRIMARY KEY, v INT NOT NULL)", "INSERT INTO rev.fill VALUES (1, 10)");
        try (ApplyContext toA = context(task, Direction.B2A)) {
            apply(toA, update("fill", List.of("id", "v"), ints(1, 10), ints(1, 11))); // reads the old definition
            sql(a, "ALTER TABLE rev.fill ADD n INT NOT NULL, ADD s VARCHAR(5) NOT NULL, ADD e ENUM('p','q') NOT NULL,"
                    + " ADD d INT NOT NULL DEFAULT 7, ADD t DATETIME NOT NULL", "UPDATE rev.fill SET n = 5 WHERE id = 1");
            Batch rows = batch(task, Direction.B2A, tx(insert("fill", List.of("id", "v"), ints(2, 20)),
                    update("fill", List.of("id", "v"), ints(1, 11), ints(1, 12))));
            RetriableException stale = assertThrows(RetriableException.class, () -> applyBatch(toA, rows));
            assertTrue(stale.getMessage().contains("definition of rev.fill changed"), stale.getMessage());
            applyBatch(toA, rows);
        }
        assertEquals(List.of("1|12|5||p|7|0000-00-00 00:00:00", "2|20|0||p|7|0000-00-00 00:00:00"),
                rows(a, "SELECT id, v, n, s, e, d, CAST(t AS CHAR) FROM rev.fill ORDER BY id"),
                "the inserted row has what the ALTER gave existing rows; the updated row keeps a's n");
    }

    @Test
    void shouldWaitForTheForwardDdlThenFollowTheRenameAndLeaveTheDroppedColumnOut() throws Exception {
        String task = task("sync:\n  conflictPolicy: task-failed\n");
        for (MySqlServer node : List.of(a, b)) {
            sql(node, "CREATE TABLE rev.ren (id INT PRIMARY KEY, x INT NOT NULL, gone INT, v INT)",
                    "INSERT INTO rev.ren VALUES (1, 1, 1, 1)");
        }
        String alter = "ALTER TABLE ren RENAME COLUMN x TO y, DROP COLUMN gone";
        sql(a, "USE rev", alter);
        List<String> old = List.of("id", "x", "gone", "v");
        Batch rows = batch(task, Direction.B2A, tx(insert("ren", old, ints(2, 20, 30, 40)),
                update("ren", old, ints(1, 1, 1, 1), ints(1, 5, 1, 1))));
        try (ApplyContext toA = context(task, Direction.B2A); ApplyContext toB = context(task, Direction.A2B)) {
            RetriableException waits = assertThrows(RetriableException.class, () -> applyBatch(toA, rows));
            assertTrue(waits.getMessage().contains("columns [x, gone] of rev.ren, in a row node b wrote, are not on"
                    + " node a and no forward DDL has dropped or renamed them yet"), waits.getMessage());
            assertEquals(List.of("1|1|1"), rows(a, "SELECT id, y, v FROM rev.ren"), "nothing applied meanwhile");

            applyBatch(toB, batch(task, Direction.A2B, tx(new DdlChange(DB, alter))));
            applyBatch(toA, rows);
        }
        assertEquals(List.of("1|5|1", "2|20|40"), rows(a, "SELECT id, y, v FROM rev.ren ORDER BY id"));
        assertEquals(showCreate(a, "ren"), showCreate(b, "ren"), "node b got the DDL");
    }

    @Test
    void shouldWriteAColumnAddedAgainAfterItsDropByName() throws Exception {
        String task = task("sync:\n  conflictPolicy: task-failed\n");
        for (MySqlServer node : List.of(a, b)) {
            sql(node, "CREATE TABLE rev.readd (id INT PRIMARY KEY, x INT, v INT)", "INSERT INTO rev.readd VALUES (1, 1, 1)");
        }
        List<String> shape = List.of("id", "x", "v");
        try (ApplyContext toA = context(task, Direction.B2A); ApplyContext toB = context(task, Direction.A2B)) {
            apply(toA, update("readd", shape, ints(1, 1, 1), ints(1, 1, 2))); // a's definition with x, cached
            String drop = "ALTER TABLE rev.readd DROP COLUMN x";
            sql(a, drop);
            applyBatch(toB, batch(task, Direction.A2B, tx(new DdlChange("", drop))));
            Batch old = batch(task, Direction.B2A, tx(insert("readd", shape, ints(2, 5, 5))));
            assertThrows(RetriableException.class, () -> applyBatch(toA, old), "the cached definition still had x");
            applyBatch(toA, old);

            String add = "ALTER TABLE rev.readd ADD COLUMN x INT";
            sql(a, add);
            applyBatch(toB, batch(task, Direction.A2B, tx(new DdlChange("", add))));
            // The cached definition lacks x, and no record explains it any more: a's definition is read again.
            applyBatch(toA, batch(task, Direction.B2A, tx(insert("readd", List.of("id", "v", "x"), ints(3, 7, 70)))));
        }
        assertEquals(List.of("1|2|null", "2|5|null", "3|7|70"), rows(a, "SELECT id, v, x FROM rev.readd ORDER BY id"));
    }

    @Test
    void shouldAddressARowByItsRenamedKeyAndCompareOnlyTheColumnsBothNodesHave() throws Exception {
        String task = task("sync:\n  conflictPolicy: ignore\n  strictConflicts: true\n");
        for (MySqlServer node : List.of(a, b)) {
            sql(node, "CREATE TABLE rev.keyed (id INT PRIMARY KEY, v INT, w INT)",
                    "INSERT INTO rev.keyed VALUES (1, 1, 1), (2, 2, 2)");
        }
        String alter = "ALTER TABLE rev.keyed RENAME COLUMN id TO pk, DROP w";
        sql(a, alter, "UPDATE rev.keyed SET v = 3 WHERE pk = 2");
        List<String> old = List.of("id", "v", "w");
        ApplyResult result;
        try (ApplyContext toA = context(task, Direction.B2A); ApplyContext toB = context(task, Direction.A2B)) {
            applyBatch(toB, batch(task, Direction.A2B, tx(new DdlChange("", alter))));
            result = applyBatch(toA, batch(task, Direction.B2A, tx(
                    update("keyed", old, ints(1, 1, 99), ints(1, 7, 98)),     // w differs: a has no w any more
                    update("keyed", old, ints(2, 2, 2), ints(2, 8, 2)))));    // v differs: a changed it
        }
        assertEquals(List.of("1|7", "2|3"), rows(a, "SELECT pk, v FROM rev.keyed ORDER BY pk"));
        List<ConflictKind> kinds = result.conflicts().stream().map(Conflict::kind).toList();
        assertEquals(List.of(ConflictKind.UPDATE_MISMATCH), kinds, "only the row whose shared column differs");
        assertEquals(List.of("pk", "v"), result.conflicts().get(0).columns(), "the record names a's columns");
    }

    @Test
    void shouldStopWithTheReasonWhenTheRowsKeyWasDroppedAndItCoversNoUniqueKeyOfNodeA() throws Exception {
        String task = task("sync:\n  conflictPolicy: task-failed\n");
        for (MySqlServer node : List.of(a, b)) {
            sql(node, "CREATE TABLE rev.rekey (id INT PRIMARY KEY, v INT)", "INSERT INTO rev.rekey VALUES (1, 1)");
        }
        String alter = "ALTER TABLE rev.rekey DROP COLUMN id, ADD COLUMN k INT AUTO_INCREMENT PRIMARY KEY";
        sql(a, alter);
        try (ApplyContext toA = context(task, Direction.B2A); ApplyContext toB = context(task, Direction.A2B)) {
            applyBatch(toB, batch(task, Direction.A2B, tx(new DdlChange("", alter))));
            FatalException e = assertThrows(FatalException.class, () -> applyBatch(toA, batch(task, Direction.B2A,
                    tx(update("rekey", List.of("id", "v"), ints(1, 1), ints(1, 2))))));
            assertTrue(e.getMessage().contains("keyed on [id], which node a dropped, and covers none of node a's"
                    + " unique keys [[k]]"), e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------- helpers

    private static String task(String sync) {
        String task = "rev-" + UUID.randomUUID().toString().substring(0, 8);
        stores.tasks().put(task, "task: " + task + "\n"
                + "nodes:\n"
                + "  a: {host: " + a.host() + ", port: " + a.port() + ", user: " + a.user()
                + ", password: env:DUPLEX_IT_A, tls: disabled}\n"
                + "  b: {host: " + b.host() + ", port: " + b.port() + ", user: " + b.user()
                + ", password: env:DUPLEX_IT_B, tls: disabled}\n"
                + sync + "  ddl: true\n"
                + "objects:\n  - database: " + DB + "\n");
        return task;
    }

    private static ApplyContext context(String task, Direction d) {
        return new ApplyContext(task, d, stores,
                ref -> new SecretValue(ref.reference().endsWith("_A") ? a.password() : b.password()), Clock.systemUTC());
    }

    private static void apply(ApplyContext context, RowChange change) throws SQLException {
        applyBatch(context, batch(context.task(), context.direction(), tx(change)));
    }

    private static ApplyResult applyBatch(ApplyContext context, Batch batch) throws SQLException {
        context.currentTask();
        BatchApplier applier = new BatchApplier(context.tables(), StatementListener.NONE, context.forwardDdlColumns());
        return applier.apply(context.connection(), batch, context.rules(), PreCommit.NONE);
    }

    private static Batch batch(String task, Direction d, Transaction tx) {
        String file = "mysql-bin.000001";
        BinlogRange range = new BinlogRange(new BinlogPosition(file, tx.seq().pos()),
                new BinlogPosition(file, tx.seq().pos() + 50));
        return new Batch(Batch.FORMAT_VERSION, task, d, d.sourceNode(), QueueNames.defaultGroup(d), tx.seq(), range,
                BatchKind.DML, false, Batch.Fragment.WHOLE, List.of(tx),
                new Batch.Chain("chain", "source-" + d.code(), Seq.ZERO));
    }

    private static Transaction tx(Change... changes) {
        long at = POS.addAndGet(100);
        return new Transaction(Seq.ofTransaction(new BinlogPosition("mysql-bin.000001", at), 0), "",
                1_700_000_000_000_000L + at, List.of(changes));
    }

    private static RowChange insert(String table, List<String> columns, List<Value> after) {
        return RowChange.insert(DB, table, columns, List.of(columns.get(0)), after);
    }

    private static RowChange update(String table, List<String> columns, List<Value> before, List<Value> after) {
        return RowChange.update(DB, table, columns, List.of(columns.get(0)), before, after);
    }

    private static List<Value> ints(long... values) {
        return Arrays.stream(values).<Value>mapToObj(Value.Int::new).toList();
    }

    private static void sql(MySqlServer node, String... statements) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static List<String> rows(MySqlServer node, String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = node.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    private static String showCreate(MySqlServer node, String table) throws SQLException {
        return rows(node, "SHOW CREATE TABLE " + DB + "." + table).get(0);
    }
}
