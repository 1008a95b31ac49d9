package dev.duplex.capture.snapshot;

import com.mysql.cj.jdbc.JdbcStatement;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.QuotedText;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.sql.ServerWarnings;
import dev.duplex.core.sql.StrictMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one writer puts a chunk's rows into node b, in the open transaction. LOAD DATA LOCAL INFILE
 * streamed from memory is the fast way; with LOCAL the server turns a duplicate key or a value it
 * cannot store into a warning and goes on (it cannot stop the client's stream), so every write is
 * checked: skipped duplicates are what the copy wants, any other warning fails the chunk.
 */
final class ChunkWrite {
    /** LOAD_DATA where node b allows it (else INSERT); INSERT always multi-row INSERTs. */
    enum Method { LOAD_DATA, INSERT }

    private static final Logger LOG = LoggerFactory.getLogger(ChunkWrite.class);
    private static final int DUPLICATE = 1062;
    /** LOAD DATA LOCAL refused: MariaDB's 4166, MySQL 8's 3948, older servers' 1148. */
    private static final Set<Integer> LOCAL_INFILE_OFF = Set.of(4166, 3948, 1148);
    /**
     * Node b refused a row's value: strict mode's value errors ({@link StrictMode#VALUE_ERRORS}), NULL
     * in a NOT NULL column (1048), an illegal value (1367), a CHECK constraint (MariaDB 4025, MySQL
     * 3819), or a column that differs (1054 unknown, 1364 without a default). Each means the table's
     * definition on node b is not node a's.
     */
    private static final Set<Integer> REFUSED_VALUE = refusedValue();

    private final boolean loadData;
    private final String task;
    private final int writer;

    private ChunkWrite(boolean loadData, String task, int writer) {
        this.loadData = loadData;
        this.task = task;
        this.writer = writer;
    }

    /**
     * Prepares the session (see {@link TargetSession}) and picks the method node b accepts.
     *
     * @param writer the writer thread's number, its {@link ChunkMarker} row
     */
    static ChunkWrite prepare(Connection c, Method method, String task, int writer) throws SQLException {
        boolean localInfile = TargetSession.prepare(c);
        if (method == Method.LOAD_DATA && !localInfile) {
            LOG.info("task={} dir=a2b full sync: node b has local_infile off, writing multi-row INSERTs", task);
        }
        return new ChunkWrite(method == Method.LOAD_DATA && localInfile, task, writer);
    }

    boolean loadData() {
        return loadData;
    }

    /**
     * Writes the chunk's selected rows; a row whose key (any unique key) exists on node b is kept as it is there,
     * as the apply side keeps it for snapshot batches ("a row whose key already exists on node b is
     * kept as it is there"). Anything else the server did not store exactly fails the chunk.
     */
    void rows(Connection c, WritableChunk chunk) throws SQLException {
        if (chunk.count() == 0) {
            return;
        }
        if (chunk.file() != null && !loadData) {
            throw infileTurnedOff(chunk.table(), null);
        }
        ChunkMarker.mark(c, task, writer);
        if (chunk.file() == null) { // the copy decided on INSERTs before it began (DirectCopy)
            InsertRows.write(c, chunk.inserts(), (ps, sent) -> insert(c, chunk.table(), ps, sent));
            return;
        }
        load(c, chunk.table(), chunk.file(), chunk.count());
    }

    private void load(Connection c, SnapshotTable source, LoadDataRows file, int rows) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.unwrap(JdbcStatement.class).setLocalInfileInputStream(file.stream());
            long inserted;
            try {
                inserted = st.executeLargeUpdate(file.statement());
            } catch (SQLException e) {
                if (LOCAL_INFILE_OFF.contains(e.getErrorCode())) {
                    throw infileTurnedOff(source, e);
                }
                throwIfRefused(source, e);
                throw e;
            }
            List<SQLWarning> warnings = warnings(st.getWarnings());
            if (warnings.isEmpty() && inserted == rows) {
                return;
            }
            long skipped = rows - inserted;
            long count = ServerWarnings.count(st);
            if (expected(source, warnings, skipped, count)) {
                return;
            }
            fail(source, rows, inserted, count, warnings);
        }
    }

    /**
     * LOCAL skips a duplicate with one 1062 warning each. As many warnings as skipped rows, all of
     * them duplicates, leaves no room for a value the server changed (max_error_count may hide some).
     * A generated column's own computation may warn too (as it did on node a): not a value the copy
     * wrote, so accepted, but only when every warning is in view.
     */
    private static boolean expected(SnapshotTable source, List<SQLWarning> warnings, long skipped, long count) {
        long duplicates = warnings.stream().filter(w -> w.getErrorCode() == DUPLICATE).count();
        if (count == skipped && duplicates == warnings.size()) {
            return true;
        }
        long generated = warnings.stream().filter(w -> aboutGenerated(source, w.getErrorCode(), w.getMessage()))
                .count();
        return warnings.size() == count && duplicates == skipped && duplicates + generated == count;
    }

    /** Whether a warning or error (its code and message) is about one of the table's generated columns. */
    private static boolean aboutGenerated(SnapshotTable source, int code, String message) {
        return code != DUPLICATE && source.columns().stream().filter(SourceColumn::generated)
                .anyMatch(c -> ServerWarnings.names(message, c.name()));
    }

    /**
     * Runs one INSERT, strict: a value node b cannot store is an error. So is a generated column's own
     * computation that overflows (as it did on node a, which stored the row) where node b binlogs full
     * row images; that statement runs again with strict mode lifted, as LOAD DATA LOCAL runs, and every
     * warning it leaves must be about a generated column.
     */
    private long insert(Connection c, SnapshotTable source, PreparedStatement ps, int sent) throws SQLException {
        try {
            long inserted = ps.executeUpdate();
            judge(source, ps, sent, inserted);
            return inserted;
        } catch (SQLException e) {
            if (!aboutGenerated(source, e.getErrorCode(), e.getMessage())) {
                throwIfRefused(source, e);
                throw e;
            }
        }
        StrictMode.lift(c);
        try {
            long inserted = ps.executeUpdate();
            judge(source, ps, sent, inserted);
            return inserted;
        } catch (SQLException e) {
            throwIfRefused(source, e);
            throw e;
        } finally {
            StrictMode.restore(c);
        }
    }

    /** Any warning but a generated column's, or one out of view, fails the chunk. */
    private void judge(SnapshotTable source, Statement st, int sent, long inserted) throws SQLException {
        List<SQLWarning> warnings = warnings(st.getWarnings());
        if (warnings.isEmpty()) {
            return;
        }
        long count = ServerWarnings.count(st);
        if (count != warnings.size()
                || !warnings.stream().allMatch(w -> aboutGenerated(source, w.getErrorCode(), w.getMessage()))) {
            fail(source, sent, inserted, count, warnings);
        }
    }

    private static Set<Integer> refusedValue() {
        Set<Integer> codes = new HashSet<>(StrictMode.VALUE_ERRORS);
        codes.addAll(Set.of(1048, 1367, 4025, 3819, 1054, 1364));
        return Set.copyOf(codes);
    }

    /**
     * Ends the task with the fix where {@code e} says node b refused a value ({@link #REFUSED_VALUE}).
     * The server's message is kept with quoted values hidden, and {@code e} is not attached as the
     * cause: its message could carry a row's value into the log.
     */
    private static void throwIfRefused(SnapshotTable source, SQLException e) {
        if (REFUSED_VALUE.contains(e.getErrorCode())) {
            throw new FatalException("full sync of " + source.qualifiedName() + ": node b refused a chunk's values "
                    + "(" + masked(source, e.getMessage()) + "), so the chunk is "
                    + "not committed: make the table's definition on node b the same as on node a, then start the "
                    + "task again", null, e.getErrorCode(), null);
        }
    }

    /** Node b refused LOAD DATA LOCAL after this writer found it allowed (its local_infile was turned off). */
    private static RetriableException infileTurnedOff(SnapshotTable table, SQLException cause) {
        return new RetriableException("full sync of " + table.qualifiedName() + ": node b no longer takes LOAD DATA "
                + "LOCAL (local_infile was turned off during the copy); the chunk is not committed, and the copy starts "
                + "again with multi-row INSERTs", null, cause == null ? 0 : cause.getErrorCode(), cause);
    }

    private void fail(SnapshotTable source, long sent, long inserted, long count, List<SQLWarning> warnings) {
        List<Integer> codes = warnings.stream().map(SQLWarning::getErrorCode).distinct().toList();
        // The server's messages may quote values: those are masked, column names kept.
        LOG.error("task={} dir=a2b full sync of {}: node b stored {} of {} rows with {} warnings: {}", task,
                source.qualifiedName(), inserted, sent, count,
                warnings.stream().map(w -> masked(source, w.getMessage())).toList());
        throw new FatalException("full sync of " + source.qualifiedName() + ": node b did not store a chunk's values "
                + "exactly (" + inserted + " of " + sent + " rows, " + count + " warnings, codes " + codes + "), so "
                + "the chunk is not committed. See the capture's log for the server's messages, make the table's "
                + "definition on node b the same as on node a, then start the task again");
    }

    /** {@code message} with every quoted text hidden but the column names of {@code source}. */
    static String masked(SnapshotTable source, String message) {
        return message == null ? "" : QuotedText.hide(message,
                text -> source.columns().stream().anyMatch(c -> c.name().equalsIgnoreCase(text)));
    }

    private static List<SQLWarning> warnings(SQLWarning first) {
        List<SQLWarning> out = new ArrayList<>();
        for (SQLWarning w = first; w != null && out.size() < 64; w = w.getNextWarning()) {
            out.add(w);
        }
        return out;
    }
}
