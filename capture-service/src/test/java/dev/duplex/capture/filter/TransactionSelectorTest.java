package dev.duplex.capture.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import dev.duplex.capture.assemble.CapturedChange;
import dev.duplex.capture.assemble.CapturedRows;
import dev.duplex.capture.assemble.CapturedStatement;
import dev.duplex.capture.assemble.CapturedTransaction;
import dev.duplex.capture.decode.CatalogTable;
import dev.duplex.capture.decode.Collations;
import dev.duplex.capture.decode.SchemaCatalog;
import dev.duplex.capture.decode.TableSchemaResolver;
import dev.duplex.capture.testing.Binlog;
import dev.duplex.capture.testing.Configs;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.IncompatibleSourceException;
import dev.duplex.core.filter.Dialect;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Op;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Value;
import dev.duplex.core.sql.AppliedDdl;
import dev.duplex.core.sql.DeferredIndexes;
import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.core.store.CaptureCheckpoint;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TransactionSelectorTest {
    private static final BinlogPosition START = new BinlogPosition("mysql-bin.000002", 400);
    private static final BinlogPosition END = new BinlogPosition("mysql-bin.000002", 900, "0-1-5");

    private final Map<String, CatalogTable> catalogTables = new HashMap<>();
    private final SchemaCatalog catalog = new SchemaCatalog() {
        @Override
        public Optional<CatalogTable> table(String db, String table) {
            return Optional.ofNullable(catalogTables.get(db + "." + table));
        }

        @Override
        public Map<Integer, String> collations() {
            return Map.of();
        }
    };
    private final SelectCounters counters = new SelectCounters();

    private TransactionSelector selector(TaskConfig config, Direction direction) {
        return new TransactionSelector(config, direction, Dialect.MARIADB, new TableSchemaResolver(catalog, Collations.builtInOnly()),
                counters);
    }

    private static final byte LONG = (byte) ColumnType.LONG.getCode();
    private static final byte VARCHAR = (byte) ColumnType.VARCHAR.getCode();

    /** id INT, name VARCHAR, region VARCHAR, note VARCHAR (all utf8mb4), key id. */
    private static TableMapEventData customers(String db, String table) {
        return Binlog.table(db, table, new byte[] {LONG, VARCHAR, VARCHAR, VARCHAR}, new int[] {0, 80, 80, 80},
                List.of("id", "name", "region", "note"), List.of(0), new BitSet(), List.of(255, 255, 255));
    }

    private static Serializable[] customer(int id, String name, String region, String note) {
        return new Serializable[] {id, bytes(name), bytes(region), bytes(note)};
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static CapturedRows rows(TableMapEventData t, Op op, CapturedRows.Row... rows) {
        return new CapturedRows(t, op, List.of(rows), "mysql-bin.000002:500");
    }

    private static CapturedTransaction tx(CapturedChange... changes) {
        return new CapturedTransaction(START, END, "0-1-5", 1_700_000_000_000_000L, List.of(changes));
    }

    private List<RowChange> selectRows(TaskConfig config, Direction d, CapturedChange... changes) {
        Optional<SelectedTransaction> s = selector(config, d).select(tx(changes));
        List<RowChange> out = new ArrayList<>();
        s.ifPresent(t -> t.transaction().changes().forEach(c -> out.add((RowChange) c)));
        return out;
    }

    @Test
    void shouldPublishAWholeSelectedDatabaseWithSeqFromTheStartPosition() {
        var t = Binlog.intTable("shop", "orders", "id", "total");
        var s = selector(Configs.shop(), Direction.A2B).select(tx(rows(t, Op.INSERT,
                new CapturedRows.Row(null, new Serializable[] {1, 10}))));
        assertTrue(s.isPresent());
        assertEquals(BatchKind.DML, s.get().kind());
        assertEquals(Seq.ofTransaction(START, 0), s.get().transaction().seq());
        assertEquals(END, s.get().end());
        RowChange r = (RowChange) s.get().transaction().changes().get(0);
        assertEquals(List.of(new Value.Int(1), new Value.Int(10)), r.after());
        assertEquals(List.of("id"), r.keyColumns());
    }

    @Test
    void shouldLeaveOutUnselectedTablesAndDatabases() {
        var other = Binlog.intTable("other", "t", "id");
        var notListed = Binlog.intTable("crm", "invoices", "id");
        var s = selector(Configs.shop(), Direction.A2B).select(tx(
                rows(other, Op.INSERT, new CapturedRows.Row(null, new Serializable[] {1})),
                rows(notListed, Op.INSERT, new CapturedRows.Row(null, new Serializable[] {1}))));
        assertTrue(s.isEmpty());
        assertEquals(1, counters.emptyDropped.get());
    }

    /** A new stored version is taken between transactions: the next one is selected whole under it. */
    @Test
    void shouldSelectUnderAFollowedConfigurationFromTheNextTransactionOn() {
        var orders = Binlog.intTable("shop", "orders", "id", "total");
        var invoices = Binlog.intTable("crm", "invoices", "id");
        TransactionSelector selector = selector(Configs.shop(), Direction.A2B);
        CapturedTransaction both = tx(rows(orders, Op.INSERT, new CapturedRows.Row(null, new Serializable[] {1, 10})),
                rows(invoices, Op.INSERT, new CapturedRows.Row(null, new Serializable[] {7})));
        assertEquals(List.of("orders"), tables(selector.select(both)));

        TaskConfig next = Configs.parse(Configs.yaml("shop", """
                - database: crm
                  tables: [invoices]
                """));
        selector.follow(next, START);
        assertEquals(List.of("invoices"), tables(selector.select(both)));
        selector.follow(next, START); // the same version again: nothing changes
        assertEquals(List.of("invoices"), tables(selector.select(both)));
    }

    private static List<String> tables(Optional<SelectedTransaction> s) {
        return s.map(t -> t.transaction().changes().stream().map(c -> ((RowChange) c).table()).toList())
                .orElse(List.of());
    }

    @Test
    void shouldApplyColumnSelectionAndRenamesForward() {
        List<RowChange> r = selectRows(Configs.shop(), Direction.A2B, rows(customers("crm", "customers"), Op.INSERT,
                new CapturedRows.Row(null, customer(1, "Ann", "EU", "secret"))));
        assertEquals(1, r.size());
        assertEquals("crm_eu", r.get(0).database());
        assertEquals("clients", r.get(0).table());
        assertEquals(List.of("id", "name", "region"), r.get(0).columns());
        assertEquals(List.of(new Value.Int(1), new Value.Text("Ann"), new Value.Text("EU")), r.get(0).after());
    }

    @Test
    void shouldMapNamesBackInTheReverseDirection() {
        List<RowChange> r = selectRows(Configs.shop(), Direction.B2A, rows(customers("crm_eu", "clients"), Op.DELETE,
                new CapturedRows.Row(customer(1, "Ann", "EU", "x"), null)));
        assertEquals(1, r.size());
        assertEquals("crm", r.get(0).database());
        assertEquals("customers", r.get(0).table());
        assertEquals(Op.DELETE, r.get(0).op());
    }

    @Test
    void shouldTurnUpdatesMovingIntoOrOutOfTheFilterIntoInsertsAndDeletes() {
        var t = customers("crm", "customers");
        List<RowChange> r = selectRows(Configs.shop(), Direction.A2B,
                rows(t, Op.UPDATE, new CapturedRows.Row(customer(1, "A", "US", ""), customer(1, "A", "EU", ""))),
                rows(t, Op.UPDATE, new CapturedRows.Row(customer(2, "B", "EU", ""), customer(2, "B", "US", ""))),
                rows(t, Op.UPDATE, new CapturedRows.Row(customer(3, "C", "EU", ""), customer(3, "C2", "EU", ""))),
                rows(t, Op.UPDATE, new CapturedRows.Row(customer(4, "D", "US", ""), customer(4, "D2", "US", ""))),
                rows(t, Op.INSERT, new CapturedRows.Row(null, customer(5, "E", "US", ""))));
        assertEquals(3, r.size());
        assertEquals(Op.INSERT, r.get(0).op());
        assertNull(r.get(0).before());
        assertEquals(new Value.Text("EU"), r.get(0).after().get(2));
        assertEquals(Op.DELETE, r.get(1).op());
        assertEquals(new Value.Text("EU"), r.get(1).before().get(2));
        assertNull(r.get(1).after());
        assertEquals(Op.UPDATE, r.get(2).op());
    }

    @Test
    void shouldDropAnUpdateThatChangesOnlyUnselectedColumns() {
        List<RowChange> r = selectRows(Configs.shop(), Direction.A2B, rows(customers("crm", "customers"), Op.UPDATE,
                new CapturedRows.Row(customer(1, "A", "EU", "old"), customer(1, "A", "EU", "new"))));
        assertTrue(r.isEmpty());
    }

    @Test
    void shouldPublishOnlySelectedOperations() {
        var t = Binlog.intTable("crm", "orders", "id");
        List<RowChange> r = selectRows(Configs.shop(), Direction.A2B,
                rows(t, Op.INSERT, new CapturedRows.Row(null, new Serializable[] {1})),
                rows(t, Op.UPDATE, new CapturedRows.Row(new Serializable[] {1}, new Serializable[] {2})),
                rows(t, Op.DELETE, new CapturedRows.Row(new Serializable[] {2}, null)));
        assertEquals(1, r.size());
        assertEquals(Op.INSERT, r.get(0).op());
    }

    @Test
    void shouldKeepTheKeyAndDropGeneratedColumns() {
        TaskConfig config = Configs.parse(Configs.yaml("t1", """
                - database: shop
                  tables:
                    - name: items
                      columns: [name]
                """));
        catalogTables.put("shop.items", new CatalogTable(List.of(
                new CatalogTable.Column("id", "int", "int", null, false, false),
                new CatalogTable.Column("name", "int", "int", null, false, false),
                new CatalogTable.Column("twice", "int", "int", null, true, false)), List.of("id"), List.of(), "InnoDB"));
        List<RowChange> r = selectRows(config, Direction.A2B, rows(Binlog.intTable("shop", "items", "id", "name", "twice"),
                Op.INSERT, new CapturedRows.Row(null, new Serializable[] {1, 2, 4})));
        assertEquals(List.of("id", "name"), r.get(0).columns());
        assertEquals(List.of(new Value.Int(1), new Value.Int(2)), r.get(0).after());
    }

    @Test
    void shouldFailNamingTheTableWhenASelectedTableHasNoKey() {
        TableMapEventData t = Binlog.table("shop", "logs", new byte[] {LONG}, new int[] {0}, List.of("n"), List.of(),
                new BitSet(), List.of());
        var e = assertThrows(FatalException.class, () -> selector(Configs.shop(), Direction.A2B)
                .select(tx(rows(t, Op.INSERT, new CapturedRows.Row(null, new Serializable[] {1})))));
        assertTrue(e.getMessage().contains("shop.logs"), e.getMessage());
        assertTrue(e.getMessage().contains("ADD PRIMARY KEY"), e.getMessage());
    }

    @Test
    void shouldDropAndCountTransactionsDuplexApplied() {
        var marker = Binlog.intTable("duplex", "apply_checkpoint", "task");
        var s = selector(Configs.shop(), Direction.B2A).select(tx(
                rows(marker, Op.UPDATE, new CapturedRows.Row(new Serializable[] {1}, new Serializable[] {2})),
                rows(Binlog.intTable("shop", "orders", "id"), Op.INSERT, new CapturedRows.Row(null, new Serializable[] {1}))));
        assertTrue(s.isEmpty());
        assertEquals(1, counters.loopDropped.get());
    }

    @Test
    void shouldDropTransactionsAParallelApplyLaneWrote() {
        var marker = Binlog.intTable("duplex", "apply_lane", "task");
        var s = selector(Configs.shop(), Direction.B2A).select(tx(
                rows(marker, Op.INSERT, new CapturedRows.Row(null, new Serializable[] {1})),
                rows(Binlog.intTable("shop", "orders", "id"), Op.INSERT, new CapturedRows.Row(null, new Serializable[] {1}))));
        assertTrue(s.isEmpty());
        assertEquals(1, counters.loopDropped.get());
    }

    private static TableMapEventData heartbeatTable() {
        byte dt = (byte) ColumnType.DATETIME_V2.getCode();
        return Binlog.table("duplex", "heartbeat", new byte[] {VARCHAR, VARCHAR, dt}, new int[] {160, 32, 6},
                List.of("task", "node", "ts"), List.of(0, 1), new BitSet(), List.of(45, 45));
    }

    private static Serializable[] beat(String task, String node) {
        return new Serializable[] {bytes(task), bytes(node), "2024-01-01 00:00:00.000001"};
    }

    @Test
    void shouldPublishOnlyThisCapturesOwnHeartbeat() {
        TransactionSelector sel = selector(Configs.shop(), Direction.A2B);
        var own = sel.select(tx(rows(heartbeatTable(), Op.INSERT, new CapturedRows.Row(null, beat("shop", "a")))));
        assertEquals(BatchKind.HEARTBEAT, own.orElseThrow().kind());
        RowChange r = (RowChange) own.get().transaction().changes().get(0);
        assertEquals("duplex", r.database());
        assertEquals(new Value.DateTime("2024-01-01 00:00:00.000001"), r.after().get(2));
        assertTrue(sel.select(tx(rows(heartbeatTable(), Op.INSERT, new CapturedRows.Row(null, beat("shop", "b"))))).isEmpty());
        assertTrue(sel.select(tx(rows(heartbeatTable(), Op.INSERT, new CapturedRows.Row(null, beat("other", "a"))))).isEmpty());
        assertTrue(sel.select(tx(rows(Binlog.intTable("duplex", "anything", "id"), Op.INSERT,
                new CapturedRows.Row(null, new Serializable[] {1})))).isEmpty());
    }

    @Test
    void shouldPublishSelectedDdlForwardOnly() {
        CapturedStatement alter = new CapturedStatement("shop", "ALTER TABLE orders ADD note TEXT");
        var forward = selector(Configs.shop(), Direction.A2B).select(tx(alter));
        assertEquals(BatchKind.DDL, forward.orElseThrow().kind());
        assertEquals(new DdlChange("shop", "ALTER TABLE orders ADD note TEXT"), forward.get().transaction().changes().get(0));
        assertTrue(selector(Configs.shop(), Direction.B2A).select(tx(alter)).isEmpty());
    }

    /**
     * TRUNCATE, DROP/TRUNCATE PARTITION and partition moves remove rows with no row event: not
     * forwarded (node b's DDL, or node a's with sync.ddl: false), the other node keeps the rows.
     * Said in the log and the task log; the statements the apply ran on node b are not.
     */
    @Test
    void shouldReportRowsAStatementThatIsNotForwardedRemovedOnOneNodeOnly() {
        List<String> lines = new ArrayList<>();
        var resolver = new TableSchemaResolver(catalog, Collations.builtInOnly());
        var reverse = new TransactionSelector(Configs.shop(), Direction.B2A, Dialect.MARIADB, resolver, counters,
                lines::add);
        for (String sql : List.of("TRUNCATE TABLE orders", "ALTER TABLE crm_eu.clients TRUNCATE PARTITION p0, p1",
                "ALTER TABLE orders EXCHANGE PARTITION p0 WITH TABLE other.stage", AppliedDdl.marked("TRUNCATE orders"),
                "TRUNCATE TABLE other.t", "DROP TABLE orders", "ALTER TABLE orders DROP COLUMN note")) {
            assertTrue(reverse.select(tx(new CapturedStatement("shop", sql))).isEmpty(), sql);
        }
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("task=shop dir=b2a pos=mysql-bin.000002:400: TRUNCATE TABLE emptied `shop`.`orders` on node b only:"
                + " DDL is synchronized from node a to node b only, and the binlog holds no row change for it, so node a"
                + " keeps those rows. Fix: if they should go on both nodes, run the same statement on node a; if not,"
                + " copy them back with duplex verify --repair --source a", lines.get(0));
        assertTrue(lines.get(1).contains("TRUNCATE PARTITION removed rows of `crm_eu`.`clients` on node b only"),
                lines.get(1));
        assertTrue(lines.get(2).contains("moved rows of `shop`.`orders` on node b only"), lines.get(2));
        assertEquals(3, counters.oneSidedRemovals.get(), "each counted for the OneSidedRemovals metric");

        lines.clear();
        TaskConfig ddlOff = Configs.parse(Configs.yaml("ddl-off", "- database: shop") + "sync:\n  ddl: false\n");
        var forward = new TransactionSelector(ddlOff, Direction.A2B, Dialect.MARIADB, resolver, counters, lines::add);
        for (String sql : List.of("TRUNCATE TABLE orders", "DROP TABLE orders, other.t", "ALTER TABLE orders ADD c INT")) {
            assertTrue(forward.select(tx(new CapturedStatement("shop", sql))).isEmpty(), sql);
        }
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("emptied `shop`.`orders` on node a only: sync.ddl is false")
                && lines.get(0).endsWith("--source b"), lines.get(0));
        assertTrue(lines.get(1).contains("DROP TABLE dropped `shop`.`orders` on node a only"), lines.get(1));
        assertEquals(5, counters.oneSidedRemovals.get());

        lines.clear();
        var ddlOn = new TransactionSelector(Configs.shop(), Direction.A2B, Dialect.MARIADB, resolver, counters,
                lines::add);
        assertTrue(ddlOn.select(tx(new CapturedStatement("shop", "TRUNCATE TABLE orders"))).isPresent());
        assertEquals(List.of(), lines, "a forwarded statement is not reported");
        assertEquals(5, counters.oneSidedRemovals.get());
    }

    @Test
    void shouldNotPublishDdlOfUnselectedObjectsTheDuplexSchemaOrOtherStatements() {
        TransactionSelector sel = selector(Configs.shop(), Direction.A2B);
        assertTrue(sel.select(tx(new CapturedStatement("other", "CREATE TABLE t (id INT PRIMARY KEY)"))).isEmpty());
        assertTrue(sel.select(tx(new CapturedStatement("", "ALTER TABLE crm.invoices ADD c INT"))).isEmpty());
        assertTrue(sel.select(tx(new CapturedStatement("", "CREATE DATABASE IF NOT EXISTS `duplex`"))).isEmpty());
        assertTrue(sel.select(tx(new CapturedStatement("", "CREATE TABLE IF NOT EXISTS `duplex`.`heartbeat` (a INT)"))).isEmpty());
        assertTrue(sel.select(tx(new CapturedStatement("shop", "GRANT SELECT ON shop.* TO x"))).isEmpty());
        assertTrue(sel.select(tx(new CapturedStatement("", "CREATE TABLE `crm`.`customers` (id INT)"))).isPresent());
    }

    @Test
    void shouldNeverPublishTheIndexesAFullSyncDefersNorTheirRecord() {
        // Forward, where DDL of a selected table is synchronized: the marker alone keeps these out.
        for (Direction d : Direction.values()) {
            TransactionSelector sel = selector(Configs.shop(), d);
            assertTrue(sel.select(tx(new CapturedStatement("", DeferredIndexes.drop("shop", "orders",
                    List.of("by_customer"))))).isEmpty(), d.code());
            assertTrue(sel.select(tx(new CapturedStatement("", DeferredIndexes.add("shop", "orders",
                    List.of("KEY `by_customer` (`customer`)"), true)))).isEmpty(), d.code());
            assertTrue(sel.select(tx(rows(Binlog.intTable("duplex", DuplexSchema.DEFERRED_INDEX, "seq"), Op.INSERT,
                    new CapturedRows.Row(null, new Serializable[] {1})))).isEmpty(), d.code());
            assertTrue(sel.select(tx(rows(Binlog.intTable("duplex", DuplexSchema.DEFERRED_INDEX, "seq"), Op.DELETE,
                    new CapturedRows.Row(new Serializable[] {1}, null)))).isEmpty(), d.code());
        }
        assertTrue(selector(Configs.shop(), Direction.A2B).select(tx(new CapturedStatement("",
                "ALTER TABLE `shop`.`orders` DROP INDEX `by_customer`"))).isPresent(), "the same DDL unmarked is");
    }

    @Test
    void shouldRefuseStatementBasedChangesToSelectedTables() {
        TransactionSelector sel = selector(Configs.shop(), Direction.A2B);
        var e = assertThrows(IncompatibleSourceException.class,
                () -> sel.select(tx(new CapturedStatement("shop", "INSERT INTO orders VALUES (1)"))));
        assertTrue(e.getMessage().contains("binlog_format=ROW"), e.getMessage());
        assertTrue(sel.select(tx(new CapturedStatement("other", "INSERT INTO t VALUES (1)"))).isEmpty());
    }

    private void catalogEngine(String db, String table, String engine) {
        catalogTables.put(db + "." + table, new CatalogTable(List.of(
                new CatalogTable.Column("id", "int", "int", null, false, false)), List.of("id"), List.of(), engine));
    }

    @Test
    void shouldStopAtARowOfASelectedTableThatIsNotTransactionalNamingTheFix() {
        catalogEngine("shop", "logs", "MyISAM");
        var e = assertThrows(IncompatibleSourceException.class, () -> selector(Configs.shop(), Direction.A2B)
                .select(tx(rows(Binlog.intTable("shop", "logs", "id"), Op.INSERT,
                        new CapturedRows.Row(null, new Serializable[] {1})))));
        assertTrue(e.getMessage().startsWith("selected table `shop`.`logs` on node a uses ENGINE=MyISAM: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("Fix: ALTER TABLE `shop`.`logs` ENGINE=InnoDB; on node a"), e.getMessage());
        assertTrue(e.getMessage().contains("duplex task start shop"), e.getMessage());
        assertEquals("mysql-bin.000002:500", e.position());
    }

    @Test
    void shouldStopAtTableDdlOfASelectedTableThatIsNowNotTransactionalBeforePublishingIt() {
        catalogEngine("shop", "cache", "MEMORY");
        TransactionSelector sel = selector(Configs.shop(), Direction.A2B);
        var e = assertThrows(IncompatibleSourceException.class, () -> sel.select(tx(new CapturedStatement("shop",
                "CREATE TABLE cache (id INT PRIMARY KEY) ENGINE=MEMORY"))));
        assertTrue(e.getMessage().contains("ALTER TABLE `shop`.`cache` ENGINE=InnoDB;"), e.getMessage());
        assertEquals(START.toString(), e.position());
        // The reverse direction publishes no DDL, but the table's rows would still echo: it stops too.
        var reverse = assertThrows(IncompatibleSourceException.class, () -> selector(Configs.shop(), Direction.B2A)
                .select(tx(new CapturedStatement("shop", "ALTER TABLE cache ENGINE=MEMORY"))));
        assertTrue(reverse.getMessage().contains("on node b"), reverse.getMessage());
    }

    @Test
    void shouldPassInnoDbTablesUnselectedOnesAndTablesThatNoLongerExist() {
        catalogEngine("shop", "orders", "InnoDB");
        catalogEngine("other", "t", "MyISAM");
        TransactionSelector sel = selector(Configs.shop(), Direction.A2B);
        assertTrue(sel.select(tx(rows(Binlog.intTable("shop", "orders", "id"), Op.INSERT,
                new CapturedRows.Row(null, new Serializable[] {1})))).isPresent());
        assertTrue(sel.select(tx(rows(Binlog.intTable("other", "t", "id"), Op.INSERT,
                new CapturedRows.Row(null, new Serializable[] {1})))).isEmpty());
        assertTrue(sel.select(tx(new CapturedStatement("other", "ALTER TABLE t ENGINE=MyISAM"))).isEmpty());
        // Dropped since: nothing tells its engine then, and the binlog's rows are all there is.
        assertTrue(sel.select(tx(rows(Binlog.intTable("shop", "gone", "id"), Op.INSERT,
                new CapturedRows.Row(null, new Serializable[] {1})))).isPresent());
    }

    private static CapturedTransaction txAt(long start, long end, CapturedChange... changes) {
        return new CapturedTransaction(new BinlogPosition("mysql-bin.000002", start),
                new BinlogPosition("mysql-bin.000002", end, "0-1-" + end), "0-1-" + end, 1_700_000_000_000_000L,
                List.of(changes));
    }

    private static CaptureCheckpoint published(SelectedTransaction t) {
        return new CaptureCheckpoint("shop", Direction.A2B, t.end(), t.transaction().seq(), "srv", Instant.EPOCH);
    }

    @Test
    void shouldPublishDdlUnderNodeBsNames() {
        var alter = selector(Configs.shop(), Direction.A2B).select(tx(new CapturedStatement("crm",
                "ALTER TABLE customers ADD COLUMN email TEXT, ADD COLUMN region2 TEXT")));
        // crm is crm_eu on node b, customers is clients; neither new column is among the selected ones.
        assertTrue(alter.isEmpty());
        var modify = selector(Configs.shop(), Direction.A2B).select(tx(new CapturedStatement("crm",
                "ALTER TABLE customers MODIFY name VARCHAR(200)")));
        assertEquals(new DdlChange("crm_eu", "ALTER TABLE `clients` MODIFY name VARCHAR(200)"),
                modify.orElseThrow().transaction().changes().get(0));
    }

    @Test
    void shouldHoldCheckpointsBeforeAGhOstAlterUntilItsCutOver() {
        TaskConfig config = Configs.parse(Configs.yaml("shop", "- database: shop").replace("objects:",
                "onlineDdl: {tool: gh-ost}\nobjects:"));
        TransactionSelector sel = selector(config, Direction.A2B);
        TableMapEventData orders = Binlog.intTable("shop", "orders", "id");
        var before = sel.select(txAt(100, 200, rows(orders, Op.INSERT, new CapturedRows.Row(null, new Serializable[] {1}))));
        assertEquals(published(before.orElseThrow()), sel.checkpoint(published(before.get())));
        assertTrue(sel.select(txAt(200, 300, new CapturedStatement("shop", "alter /* gh-ost */ table `_orders_gho` "
                + "add c int"))).isEmpty());
        var during = sel.select(txAt(300, 400, rows(orders, Op.INSERT, new CapturedRows.Row(null, new Serializable[] {2}))));
        CaptureCheckpoint held = sel.checkpoint(published(during.orElseThrow()));
        assertEquals(new BinlogPosition("mysql-bin.000002", 200, "0-1-200"), held.position(),
                "a restart must read the ghost's ALTER again");
        assertEquals(during.get().transaction().seq(), held.lastSeq());
        var cutOver = sel.select(txAt(400, 500, new CapturedStatement("shop",
                "rename /* gh-ost */ table orders to _orders_del, _orders_gho to orders")));
        assertEquals(new DdlChange("shop", "ALTER TABLE orders add c int"),
                cutOver.orElseThrow().transaction().changes().get(0));
        assertEquals(published(cutOver.get()), sel.checkpoint(published(cutOver.get())));
    }

    @Test
    void shouldReadATableAgainWhoseEngineVanishedWhileItWasRead() {
        // CREATE TABLE r1 read while RENAME TABLE r1 TO r1x runs: columns found, then no TABLES row.
        catalogTables.put("shop.r1", new CatalogTable(List.of(new CatalogTable.Column("id", "int", "int", null, false,
                false)), List.of("id"), List.of(), null));
        TransactionSelector sel = selector(Configs.shop(), Direction.A2B);
        Runnable renamed = () -> catalogTables.remove("shop.r1");
        var first = new AtomicBoolean(true);
        TransactionSelector racing = new TransactionSelector(Configs.shop(), Direction.A2B, Dialect.MARIADB, new TableSchemaResolver(
                new SchemaCatalog() {
                    @Override
                    public Optional<CatalogTable> table(String db, String table) {
                        Optional<CatalogTable> t = catalog.table(db, table);
                        if (first.getAndSet(false)) {
                            renamed.run();
                        }
                        return t;
                    }

                    @Override
                    public Map<Integer, String> collations() {
                        return Map.of();
                    }
                }, Collations.builtInOnly()), counters);
        assertTrue(racing.select(tx(new CapturedStatement("shop", "CREATE TABLE r1 (id INT PRIMARY KEY)"))).isPresent());
        // A table that stays without a known engine still stops the capture.
        catalogTables.put("shop.r2", new CatalogTable(List.of(new CatalogTable.Column("id", "int", "int", null, false,
                false)), List.of("id"), List.of(), null));
        assertThrows(IncompatibleSourceException.class,
                () -> sel.select(tx(new CapturedStatement("shop", "CREATE TABLE r2 (id INT PRIMARY KEY)"))));
    }
}
