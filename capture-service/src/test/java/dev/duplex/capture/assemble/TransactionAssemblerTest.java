package dev.duplex.capture.assemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.XidEventData;
import dev.duplex.capture.reader.IncidentEventData;
import dev.duplex.capture.reader.RawEventHeader;
import dev.duplex.capture.testing.Binlog;
import dev.duplex.core.error.DecodeException;
import dev.duplex.core.error.IncompatibleSourceException;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Op;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionAssemblerTest {
    private static final String FILE = "mysql-bin.000003";

    private static List<CapturedTransaction> feed(TransactionAssembler a, List<Event> events) {
        List<CapturedTransaction> out = new ArrayList<>();
        for (Event e : events) {
            CapturedTransaction tx = a.accept(e);
            if (tx != null) {
                out.add(tx);
            }
        }
        return out;
    }

    private static Serializable[] row(Object... v) {
        Serializable[] r = new Serializable[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (Serializable) v[i];
        }
        return r;
    }

    @Test
    void shouldAssembleMariaDbTransactionsOpenedByTheirGtidEvent() {
        Binlog b = new Binlog(4).rotate(FILE, 4);
        long start = b.position();
        b.mariaGtid(10, false).tableMap(1, Binlog.intTable("shop", "orders", "id", "total"))
                .insert(1, 2, row(1, 10), row(2, 20)).update(1, 2, row(1, 10), row(1, 11)).delete(1, 2, row(2, 20)).xid();
        long end = b.position();
        TransactionAssembler a = new TransactionAssembler(new BinlogPosition(FILE, 4, "0-7-9"), true);
        List<CapturedTransaction> txs = feed(a, b.events());
        assertEquals(1, txs.size());
        CapturedTransaction tx = txs.get(0);
        assertEquals(new BinlogPosition(FILE, start), tx.start());
        assertEquals(new BinlogPosition(FILE, end, "0-7-10"), tx.end());
        assertEquals("0-7-10", tx.gtid());
        assertEquals(3, tx.changes().size());
        CapturedRows ins = (CapturedRows) tx.changes().get(0);
        assertEquals(Op.INSERT, ins.op());
        assertEquals(2, ins.rows().size());
        assertNull(ins.rows().get(0).before());
        CapturedRows upd = (CapturedRows) tx.changes().get(1);
        assertEquals(Op.UPDATE, upd.op());
        assertEquals(10, upd.rows().get(0).before()[1]);
        assertEquals(11, upd.rows().get(0).after()[1]);
        assertEquals(Op.DELETE, ((CapturedRows) tx.changes().get(2)).op());
    }

    @Test
    void shouldAssembleMySqlTransactionsFromGtidBeginToXid() {
        String uuid = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
        Binlog b = new Binlog(4).rotate(FILE, 4);
        long start = b.position();
        b.mysqlGtid(uuid, 5).query("shop", "BEGIN").tableMap(9, Binlog.intTable("shop", "t", "id"))
                .insert(9, 1, row(1)).xid();
        long end = b.position();
        b.mysqlGtid(uuid, 6).query("shop", "BEGIN").tableMap(9, Binlog.intTable("shop", "t", "id"))
                .insert(9, 1, row(2)).xid();
        TransactionAssembler a = new TransactionAssembler(new BinlogPosition(FILE, 4, uuid + ":1-4"), false);
        List<CapturedTransaction> txs = feed(a, b.events());
        assertEquals(2, txs.size());
        assertEquals(start, txs.get(0).start().pos());
        assertEquals(end, txs.get(0).end().pos());
        assertEquals(uuid + ":5", txs.get(0).gtid());
        assertEquals(uuid + ":1-5", txs.get(0).end().gtidSet());
        assertEquals(end, txs.get(1).start().pos());
        assertEquals(uuid + ":1-6", txs.get(1).end().gtidSet());
    }

    @Test
    void shouldStartAtBeginWithoutGtidsAndEndAtCommitQuery() {
        Binlog b = new Binlog(4).rotate(FILE, 120);
        b.query("shop", "BEGIN").tableMap(1, Binlog.intTable("shop", "t", "id")).insert(1, 1, row(1))
                .query("shop", "COMMIT");
        List<CapturedTransaction> txs = feed(new TransactionAssembler(new BinlogPosition(FILE, 120), false), b.events());
        assertEquals(1, txs.size());
        assertEquals(120, txs.get(0).start().pos());
        assertEquals("", txs.get(0).gtid());
        assertEquals(b.position(), txs.get(0).end().pos());
    }

    @Test
    void shouldMakeAStandaloneStatementATransactionOfItsOwn() {
        Binlog b = new Binlog(4).rotate(FILE, 4);
        long start = b.position();
        b.mariaGtid(3, true).query("shop", "ALTER TABLE t ADD c INT");
        List<CapturedTransaction> txs = feed(new TransactionAssembler(new BinlogPosition(FILE, 4), true), b.events());
        assertEquals(1, txs.size());
        assertEquals(start, txs.get(0).start().pos());
        CapturedStatement s = assertInstanceOf(CapturedStatement.class, txs.get(0).changes().get(0));
        assertEquals("shop", s.database());
        assertEquals("ALTER TABLE t ADD c INT", s.sql());
    }

    @Test
    void shouldFollowRotationsIntoTheNextFile() {
        Binlog b = new Binlog(4).rotate(FILE, 4);
        b.mariaGtid(1, false).tableMap(1, Binlog.intTable("d", "t", "id")).insert(1, 1, row(1)).xid();
        b.rotate("mysql-bin.000004", 4);
        b.mariaGtid(2, false).tableMap(1, Binlog.intTable("d", "t", "id")).insert(1, 1, row(2)).xid();
        List<CapturedTransaction> txs = feed(new TransactionAssembler(new BinlogPosition(FILE, 4), true), b.events());
        assertEquals("mysql-bin.000004", txs.get(1).start().file());
        assertEquals(4, txs.get(1).start().pos());
        assertEquals("mysql-bin.000004", txs.get(1).end().file());
    }

    @Test
    void shouldDropARolledBackGroupAndIgnoreSavepoints() {
        Binlog b = new Binlog(4).rotate(FILE, 4);
        b.query("d", "BEGIN").tableMap(1, Binlog.intTable("d", "m", "id")).insert(1, 1, row(1)).query("d", "ROLLBACK");
        b.query("d", "BEGIN").query("d", "SAVEPOINT `s1`").tableMap(1, Binlog.intTable("d", "m", "id"))
                .insert(1, 1, row(2)).add(EventType.XID, new XidEventData(), 31);
        List<CapturedTransaction> txs = feed(new TransactionAssembler(new BinlogPosition(FILE, 4), false), b.events());
        assertEquals(1, txs.size());
        assertEquals(1, txs.get(0).changes().size());
    }

    @Test
    void shouldRefusePartialRowImagesNamingTheSetting() {
        Binlog b = new Binlog(4).rotate(FILE, 4);
        b.mariaGtid(1, false).tableMap(1, Binlog.intTable("d", "t", "id", "v")).update(1, 2, row(1, 1), row(1, 2));
        UpdateRowsEventData u = b.events().get(b.events().size() - 1).getData();
        BitSet onlyKey = new BitSet();
        onlyKey.set(0);
        u.setIncludedColumnsBeforeUpdate(onlyKey);
        TransactionAssembler a = new TransactionAssembler(new BinlogPosition(FILE, 4), true);
        var e = assertThrows(IncompatibleSourceException.class, () -> feed(a, b.events()));
        assertTrue(e.getMessage().contains("binlog_row_image=FULL"), e.getMessage());
        assertTrue(e.getMessage().contains(FILE), e.getMessage());
    }

    @Test
    void shouldRefuseCompressedTransactionPayloads() {
        Binlog b = new Binlog(4).rotate(FILE, 4).add(EventType.TRANSACTION_PAYLOAD, null, 100);
        var e = assertThrows(IncompatibleSourceException.class,
                () -> feed(new TransactionAssembler(new BinlogPosition(FILE, 4), false), b.events()));
        assertTrue(e.getMessage().contains("binlog_transaction_compression=OFF"), e.getMessage());
    }

    @Test
    void shouldRefuseJsonPartialUpdates() {
        Binlog b = new Binlog(4).rotate(FILE, 4).add(EventType.PARTIAL_UPDATE_ROWS_EVENT, null, 100);
        var e = assertThrows(IncompatibleSourceException.class,
                () -> feed(new TransactionAssembler(new BinlogPosition(FILE, 4), false), b.events()));
        assertTrue(e.getMessage().contains("binlog_row_value_options=''"), e.getMessage());
    }

    /**
     * A transaction that wrote a non-transactional table after a savepoint is logged whole: the
     * rows between SAVEPOINT and ROLLBACK TO were undone on the source and must not be captured.
     */
    @Test
    void shouldDropTheRowsARollbackToSavepointUndid() {
        Binlog b = new Binlog(4).rotate(FILE, 4).query("d", "BEGIN").tableMap(1, Binlog.intTable("d", "i", "id"))
                .insert(1, 1, row(1)).query("d", "SAVEPOINT `s`").insert(1, 1, row(2))
                .query("d", "SAVEPOINT `Later`").insert(1, 1, row(3)).query("d", "ROLLBACK TO `s`")
                .insert(1, 1, row(4)).add(EventType.XID, new XidEventData(), 31);
        List<CapturedTransaction> txs = feed(new TransactionAssembler(new BinlogPosition(FILE, 4), false), b.events());
        assertEquals(1, txs.size());
        assertEquals(List.of(1, 4), txs.get(0).changes().stream()
                .map(c -> (Integer) ((CapturedRows) c).rows().get(0).after()[0]).toList());
    }

    @Test
    void shouldStopOnARollbackToASavepointItDidNotSee() {
        Binlog b = new Binlog(4).rotate(FILE, 4).query("d", "BEGIN").tableMap(1, Binlog.intTable("d", "i", "id"))
                .insert(1, 1, row(1)).query("d", "SAVEPOINT `s`").query("d", "RELEASE SAVEPOINT `S`")
                .query("d", "ROLLBACK TO `s`");
        var e = assertThrows(DecodeException.class,
                () -> feed(new TransactionAssembler(new BinlogPosition(FILE, 4), false), b.events()));
        assertTrue(e.getMessage().contains("savepoint its transaction did not set"), e.getMessage());
    }

    @Test
    void shouldReadTheSavepointNameAsTheServerTakesIt() {
        assertEquals("s", Savepoints.name("ROLLBACK TO `s`"));
        assertEquals("a`b", Savepoints.name("SAVEPOINT `A``B`"));
        assertEquals("x", Savepoints.name("rollback work to savepoint X"));
        assertEquals("y", Savepoints.name("RELEASE SAVEPOINT y"));
    }

    @Test
    void shouldRefuseLoadDataLoggedAsAStatementWithItsFile() {
        for (EventType type : List.of(EventType.BEGIN_LOAD_QUERY, EventType.EXECUTE_LOAD_QUERY, EventType.NEW_LOAD)) {
            Binlog b = new Binlog(4).rotate(FILE, 4).add(type, null, 60);
            var e = assertThrows(IncompatibleSourceException.class,
                    () -> feed(new TransactionAssembler(new BinlogPosition(FILE, 4), true), b.events()));
            assertTrue(e.getMessage().contains("LOAD DATA is logged as a statement")
                    && e.getMessage().contains("duplex task reset <task> --yes"), e.getMessage());
        }
    }

    @Test
    void shouldStopOnAnIncidentAsAReplicaWould() {
        Binlog b = new Binlog(4).rotate(FILE, 4)
                .add(EventType.INCIDENT, new IncidentEventData(1, "error writing to the binary log"), 40);
        var e = assertThrows(IncompatibleSourceException.class,
                () -> feed(new TransactionAssembler(new BinlogPosition(FILE, 4), true), b.events()));
        assertTrue(e.getMessage().contains("LOST_EVENTS (error writing to the binary log)"), e.getMessage());
        assertTrue(e.getMessage().contains("duplex task reset"), e.getMessage());
    }

    @Test
    void shouldRefuseMariaDbCompressedEvents() {
        RawEventHeader h = new RawEventHeader();
        h.setEventType(EventType.UNKNOWN);
        h.setEventLength(50);
        h.setNextPosition(154);
        h.setRawType(169);
        var e = assertThrows(IncompatibleSourceException.class,
                () -> new TransactionAssembler(new BinlogPosition(FILE, 4), true).accept(new Event(h, null)));
        assertTrue(e.getMessage().contains("log_bin_compress=OFF"), e.getMessage());
        assertTrue(e.getMessage().contains(FILE + ":104"), e.getMessage());
    }

    @Test
    void shouldClassifyTransactionControlStatements() {
        assertEquals(StatementKind.BEGIN, StatementKind.of("BEGIN"));
        assertEquals(StatementKind.COMMIT, StatementKind.of("COMMIT"));
        assertEquals(StatementKind.ROLLBACK, StatementKind.of("ROLLBACK"));
        assertEquals(StatementKind.ROLLBACK_TO, StatementKind.of("ROLLBACK TO `s`"));
        assertEquals(StatementKind.ROLLBACK_TO, StatementKind.of("rollback work to savepoint s"));
        assertEquals(StatementKind.SAVEPOINT, StatementKind.of("SAVEPOINT `s`"));
        assertEquals(StatementKind.RELEASE_SAVEPOINT, StatementKind.of("RELEASE SAVEPOINT `s`"));
        assertEquals(StatementKind.XA, StatementKind.of("XA START 'x'"));
        assertEquals(StatementKind.DML, StatementKind.of("/* c */ INSERT INTO t VALUES (1)"));
        assertEquals(StatementKind.OTHER, StatementKind.of("CREATE TABLE t (id INT)"));
    }
}
