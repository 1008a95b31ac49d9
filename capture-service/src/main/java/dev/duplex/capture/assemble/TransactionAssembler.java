package dev.duplex.capture.assemble;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.FormatDescriptionEventData;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import dev.duplex.capture.decode.Collations;
import dev.duplex.capture.decode.SessionDecoder;
import dev.duplex.capture.reader.RawEventHeader;
import dev.duplex.capture.reader.SessionQueryEventData;
import dev.duplex.capture.reader.SkippedRows;
import dev.duplex.core.error.DecodeException;
import dev.duplex.core.error.IncompatibleSourceException;
import dev.duplex.core.error.StartOver;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Op;
import dev.duplex.core.model.SourceSession;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Groups binlog events into complete transactions: BEGIN (a QUERY, or a MariaDB GTID event that
 * opens a group) to XID or COMMIT; a statement outside a transaction (DDL) is a transaction of
 * its own. Not thread-safe: one assembler per reading session, fed in binlog order. It must be
 * started at a transaction boundary; a partial transaction is simply never completed.
 */
public final class TransactionAssembler {
    /** MariaDB Gtid_log_event::FL_START_ALTER_E1 and FL_ROLLBACK_ALTER_E1, as Q_GTID_FLAGS3 repeats them. */
    private static final int START_ALTER = 2;
    private static final int ROLLBACK_ALTER = 8;
    private final GtidTracker gtids;
    private final boolean mariaDb;
    private final SessionDecoder sessions;
    /** The server version of the binlog file being read, from its format description event. */
    private String serverVersion = "";
    private final Map<Long, TableMapEventData> tableMaps = new HashMap<>();
    private String file;
    private Open open;
    /** Start and GTID announced by a GTID event, waiting for the BEGIN or statement it belongs to. */
    private BinlogPosition announcedStart;
    private String announcedGtid = "";

    /** An assembler that names only the built-in collations (tests). */
    public TransactionAssembler(BinlogPosition from, boolean mariaDb) {
        this(from, mariaDb, Collations.builtInOnly());
    }

    /**
     * @param from       the transaction boundary reading starts at (its file and GTID set seed the tracking)
     * @param collations the source's collations, to name those of a statement's session
     */
    public TransactionAssembler(BinlogPosition from, boolean mariaDb, Collations collations) {
        this.file = from.file();
        this.mariaDb = mariaDb;
        this.gtids = new GtidTracker(mariaDb, from.gtidSet());
        this.sessions = new SessionDecoder(collations);
    }

    /** Whether a transaction is open (started but not committed). */
    public boolean inTransaction() {
        return open != null;
    }

    /** The transaction this event completes, or null. */
    public CapturedTransaction accept(Event event) {
        EventHeaderV4 h = event.getHeader();
        return switch (h.getEventType()) {
            case ROTATE -> rotate(event.getData());
            case FORMAT_DESCRIPTION -> formatDescription(event.getData());
            case MARIADB_GTID -> mariaDbGtid(h, event.getData());
            case GTID -> announce(h, ((GtidEventData) event.getData()).getGtid());
            case ANONYMOUS_GTID -> announce(h, "");
            case QUERY -> query(h, event.getData());
            case TABLE_MAP -> tableMap(event.getData());
            case WRITE_ROWS, EXT_WRITE_ROWS -> rows(h, Op.INSERT, event.getData());
            case UPDATE_ROWS, EXT_UPDATE_ROWS -> rows(h, Op.UPDATE, event.getData());
            case DELETE_ROWS, EXT_DELETE_ROWS -> rows(h, Op.DELETE, event.getData());
            case XID -> commit(h);
            case INCIDENT -> throw incompatible(h, UnreadableEvents.incident(event.getData()));
            case UNKNOWN -> unknown(h);
            default -> refuseIfUnreadable(h);
        };
    }

    private CapturedTransaction rotate(RotateEventData data) {
        file = data.getBinlogFilename();
        return null;
    }

    private CapturedTransaction formatDescription(FormatDescriptionEventData data) {
        serverVersion = data.getServerVersion() == null ? "" : data.getServerVersion();
        return null;
    }

    private CapturedTransaction mariaDbGtid(EventHeaderV4 h, MariadbGtidEventData data) {
        String gtid = data.getDomainId() + "-" + h.getServerId() + "-" + data.getSequence();
        boolean standalone = (data.getFlags() & MariadbGtidEventData.FL_STANDALONE) != 0;
        announce(h, gtid);
        if (!standalone) {
            // MariaDB writes no BEGIN for a transactional group: its GTID event opens it.
            begin(h);
        }
        return null;
    }

    private CapturedTransaction announce(EventHeaderV4 h, String gtid) {
        open = null; // a transaction left open here never committed (the server truncated it)
        announcedStart = position(h.getPosition());
        announcedGtid = gtid == null ? "" : gtid;
        return null;
    }

    private void begin(EventHeaderV4 h) {
        BinlogPosition start = announcedStart != null ? announcedStart : position(h.getPosition());
        open = new Open(start, announcedGtid);
        announcedStart = null;
        announcedGtid = "";
    }

    private CapturedTransaction query(EventHeaderV4 h, QueryEventData data) {
        String sql = data.getSql();
        StatementKind kind = StatementKind.of(sql);
        switch (kind) {
            case BEGIN -> {
                if (open == null || !open.changes.isEmpty()) {
                    begin(h);
                }
                return null;
            }
            case COMMIT -> {
                return commit(h);
            }
            case ROLLBACK -> {
                // Only non-transactional changes mixed into a rolled-back transaction reach the binlog this way.
                open = null;
                return null;
            }
            case SAVEPOINT, ROLLBACK_TO, RELEASE_SAVEPOINT -> {
                if (open != null) {
                    open.savepoints.apply(kind, sql, open.changes, position(h.getPosition()).toString());
                }
                return null;
            }
            case XA -> throw incompatible(h, "an XA transaction is in the binlog ('" + abbreviate(sql) + "'); Duplex "
                    + "does not capture XA transactions: commit them as ordinary transactions");
            default -> {
                CapturedStatement statement = statement(h, data);
                if (open != null) {
                    addUnlessNull(statement);
                    return null;
                }
                begin(h);
                addUnlessNull(statement);
                return commit(h);
            }
        }
    }

    private void addUnlessNull(CapturedStatement statement) {
        if (statement != null) {
            open.changes.add(statement);
        }
    }

    /**
     * The statement with the session it ran in, its text read with that session's character set;
     * without a session when the event data has none (events not read by capture's deserializer).
     * Null for the START ALTER and ROLLBACK ALTER of MariaDB's two-phase ALTER
     * (binlog_alter_two_phase): the same ALTER comes again, as COMMIT ALTER, once it succeeded, and
     * is taken from there; otherwise it would run twice on the target, or despite its rollback.
     */
    private CapturedStatement statement(EventHeaderV4 h, QueryEventData data) {
        String database = nullToEmpty(data.getDatabase());
        if (!(data instanceof SessionQueryEventData q)) {
            return new CapturedStatement(database, data.getSql(), null);
        }
        Integer phase = q.status().gtidFlags3();
        if (phase != null && (phase & (START_ALTER | ROLLBACK_ALTER)) != 0) {
            return null;
        }
        String where = position(h.getPosition()).toString();
        SourceSession session;
        try {
            session = sessions.session(q.status(), h.getTimestamp() / 1000L, mariaDb, serverVersion);
        } catch (IllegalArgumentException e) {
            throw new DecodeException("cannot read the session of the statement at " + where + ": " + e.getMessage()
                    + "; a newer server wrote it: upgrade Duplex", where, 0, e);
        }
        return new CapturedStatement(database, sessions.statement(q.sqlBytes(), q.status(), where), session);
    }

    private CapturedTransaction tableMap(TableMapEventData data) {
        tableMaps.put(data.getTableId(), data);
        return null;
    }

    private CapturedTransaction rows(EventHeaderV4 h, Op op, Object data) {
        if (open == null) {
            throw new DecodeException("row event outside a transaction: reading did not start at a transaction "
                    + "boundary", position(h.getPosition()).toString(), 0, null);
        }
        long tableId;
        List<CapturedRows.Row> rows = new ArrayList<>();
        switch (data) {
            case SkippedRows s -> tableId = mapped(h, s.getTableId()).getTableId(); // Duplex's own, dropped whole
            case WriteRowsEventData w -> {
                tableId = w.getTableId();
                requireFullImage(h, tableId, w.getIncludedColumns());
                w.getRows().forEach(r -> rows.add(new CapturedRows.Row(null, r)));
            }
            case UpdateRowsEventData u -> {
                tableId = u.getTableId();
                requireFullImage(h, tableId, u.getIncludedColumnsBeforeUpdate());
                requireFullImage(h, tableId, u.getIncludedColumns());
                u.getRows().forEach(r -> rows.add(new CapturedRows.Row(r.getKey(), r.getValue())));
            }
            case DeleteRowsEventData d -> {
                tableId = d.getTableId();
                requireFullImage(h, tableId, d.getIncludedColumns());
                d.getRows().forEach(r -> rows.add(new CapturedRows.Row(r, null)));
            }
            default -> throw new DecodeException("unexpected row event data " + data, position(h.getPosition()).toString(),
                    0, null);
        }
        open.changes.add(new CapturedRows(tableMaps.get(tableId), op, rows, position(h.getPosition()).toString()));
        return null;
    }

    private TableMapEventData mapped(EventHeaderV4 h, long tableId) {
        TableMapEventData map = tableMaps.get(tableId);
        if (map == null) {
            throw new DecodeException("row event for unknown table id " + tableId + ": reading did not start at a "
                    + "transaction boundary", position(h.getPosition()).toString(), 0, null);
        }
        return map;
    }

    private void requireFullImage(EventHeaderV4 h, long tableId, BitSet included) {
        TableMapEventData map = mapped(h, tableId);
        int columns = map.getColumnTypes().length;
        if (included.cardinality() != columns) {
            throw incompatible(h, "a row event on " + map.getDatabase() + "." + map.getTable() + " carries "
                    + included.cardinality() + " of " + columns + " columns: the source logs partial row images "
                    + "(binlog_row_image is MINIMAL or NOBLOB); Duplex needs FULL: " + StartOver.afterFixing(
                            "SET GLOBAL binlog_row_image=FULL and add it to the server config"));
        }
    }

    private CapturedTransaction commit(EventHeaderV4 h) {
        if (open == null) {
            return null;
        }
        Open tx = open;
        open = null;
        gtids.add(tx.gtid);
        BinlogPosition end = new BinlogPosition(file, h.getNextPosition(), gtids.text());
        return new CapturedTransaction(tx.start, end, tx.gtid, h.getTimestamp() * 1000L, tx.changes);
    }

    /** Every other event is skipped, unless it carries changes capture cannot read ({@link UnreadableEvents}). */
    private CapturedTransaction refuseIfUnreadable(EventHeaderV4 h) {
        Optional<String> why = UnreadableEvents.why(h.getEventType());
        if (why.isPresent()) {
            throw incompatible(h, why.get());
        }
        return null;
    }

    private CapturedTransaction unknown(EventHeaderV4 h) {
        if (h instanceof RawEventHeader raw && raw.isMariaDbCompressed()) {
            throw incompatible(h, "the source writes compressed binlog events (log_bin_compress=ON); Duplex cannot "
                    + "read them: " + StartOver.afterFixing("SET GLOBAL log_bin_compress=OFF and add "
                    + "log_bin_compress=OFF to the server config"));
        }
        return null;
    }

    private BinlogPosition position(long pos) {
        return new BinlogPosition(file, Math.max(pos, 0));
    }

    private IncompatibleSourceException incompatible(EventHeaderV4 h, String message) {
        return new IncompatibleSourceException(message, position(h.getPosition()).toString(), 0, null);
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 60 ? sql : sql.substring(0, 60) + "...";
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static final class Open {
        final BinlogPosition start;
        final String gtid;
        final List<CapturedChange> changes = new ArrayList<>();
        final Savepoints savepoints = new Savepoints();

        Open(BinlogPosition start, String gtid) {
            this.start = start;
            this.gtid = gtid;
        }
    }
}
