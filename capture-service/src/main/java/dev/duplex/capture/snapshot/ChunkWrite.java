package dev.duplex.capture.snapshot;

import com.mysql.cj.jdbc.JdbcStatement;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.model.RowChange;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one writer puts a chunk's rows into node b, in the open transaction. LOAD DATA LOCAL INFILE
 * streamed from memory is the fast way; with LOCAL the server turns a duplicate key or a value it
 * cannot store into a warning and goes on (it cannot stop the client's stream), so every write is
 * checked: the server must report every row inserted and no warning, or nothing is committed.
 */
final class ChunkWrite {
    /** LOAD_DATA where node b allows it (else INSERT); INSERT always multi-row INSERTs. */
    enum Method { LOAD_DATA, INSERT }

    private static final Logger LOG = LoggerFactory.getLogger(ChunkWrite.class);

    private final boolean loadData;
    private final String task;

    private ChunkWrite(boolean loadData, String task) {
        this.loadData = loadData;
        this.task = task;
    }

    /** Prepares the session (see {@link TargetSession}) and picks the method node b accepts. */
    static ChunkWrite prepare(Connection c, Method method, String task) throws SQLException {
        boolean localInfile = TargetSession.prepare(c);
        if (method == Method.LOAD_DATA && !localInfile) {
            LOG.info("task={} dir=a2b full sync: node b has local_infile off, writing multi-row INSERTs", task);
        }
        return new ChunkWrite(method == Method.LOAD_DATA && localInfile, task);
    }

    boolean loadData() {
        return loadData;
    }

    void rows(Connection c, SnapshotTable source, List<RowChange> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (!loadData) {
            require(source, rows.size(), InsertRows.write(c, rows), List.of());
            return;
        }
        LoadDataRows file = LoadDataRows.of(rows);
        try (Statement st = c.createStatement()) {
            st.unwrap(JdbcStatement.class).setLocalInfileInputStream(file.stream());
            long inserted = st.executeLargeUpdate(file.statement());
            require(source, rows.size(), inserted, warnings(st.getWarnings()));
        }
    }

    private void require(SnapshotTable source, long sent, long inserted, List<SQLWarning> warnings) {
        if (inserted == sent && warnings.isEmpty()) {
            return;
        }
        List<Integer> codes = warnings.stream().map(SQLWarning::getErrorCode).distinct().toList();
        // The server's messages may quote values: logged here, not carried in the task's reason.
        LOG.error("task={} dir=a2b full sync of {}: node b stored {} of {} rows; warnings: {}", task,
                source.qualifiedName(), inserted, sent, warnings.stream().map(SQLWarning::getMessage).toList());
        boolean duplicate = codes.contains(1062);
        throw new FatalException("full sync of " + source.qualifiedName() + ": node b stored " + inserted + " of "
                + sent + " rows of a chunk (warning codes " + codes + "), so the chunk is not committed. "
                + (duplicate ? "The table on node b already holds rows with the keys node a's copy writes: empty it on"
                        + " node b (or leave the table out of the full sync), then start the task again"
                        : "Node b cannot store some values exactly as node a holds them (see the capture's log for the "
                        + "server's messages): make the two tables' definitions the same, then start the task again"));
    }

    private static List<SQLWarning> warnings(SQLWarning first) {
        List<SQLWarning> out = new ArrayList<>();
        for (SQLWarning w = first; w != null && out.size() < 10; w = w.getNextWarning()) {
            out.add(w);
        }
        return out;
    }
}
