package dev.duplex.capture.verify;

import static dev.duplex.core.sql.Identifiers.qualified;
import static dev.duplex.core.sql.Identifiers.quote;

import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.core.sql.NodeConnections;
import dev.duplex.core.sql.RepairTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Repairs differing rows through the pipeline, without stopping synchronization and without
 * racing it: for each key, a transaction on the source node locks the row, copies it (or, when the
 * source has no such row, its key) into the table's repair table ({@link RepairTables}) and empties
 * that again. Capture sends it in order with every other write of that row, the target applies it
 * whatever it holds, and it is never echoed. Then, once replication caught up, the repaired keys
 * are compared again.
 */
public final class Repairer {
    private final TaskConfig config;
    private final SecretResolver secrets;

    public Repairer(TaskConfig config, SecretResolver secrets) {
        this.config = config;
        this.secrets = secrets;
    }

    /**
     * What a repair did: per table, the keys sent from the source node, and what still differs
     * once replication caught up (or why that could not be checked).
     */
    public record Outcome(String source, List<TableDiff> sent, List<TableDiff> stillDiffering, Optional<String> unchecked) {
        public long repaired() {
            return sent.stream().mapToLong(TableDiff::differences).sum();
        }

        public long remaining() {
            return stillDiffering.stream().mapToLong(TableDiff::differences).sum();
        }
    }

    /**
     * Sends every differing key of {@code diffs} from node {@code source} ("a" or "b"), then re-checks
     * them. A last-writer-wins table's keys go from whichever node holds the later write instead
     * ({@link LwwRepairSource}): the repair does not undo a write that last-writer-wins would keep.
     */
    public Outcome repair(List<TableDiff> diffs, String source, Duration catchUpWithin) throws SQLException {
        List<TableDiff> sent = diffs.stream().filter(d -> !d.equal()).toList();
        Map<String, List<TableDiff>> bySource;
        try (Connection a = open("a"); Connection b = open("b")) {
            bySource = new LwwRepairSource(config, a, b).split(sent, source);
        }
        for (var e : bySource.entrySet()) {
            try (Connection c = open(e.getKey())) {
                for (TableDiff d : e.getValue()) {
                    send(c, d, e.getKey());
                }
            }
        }
        Optional<String> late = new ReplicationCatchUp(config, secrets).await(catchUpWithin);
        List<TableDiff> still = new ArrayList<>();
        if (late.isEmpty()) {
            try (Connection a = open("a"); Connection b = open("b")) {
                for (TableDiff d : sent) {
                    TableDiff again = d.withKeys(RowCompare.recheck(a, b, d.table(), d.keys()));
                    if (!again.equal()) {
                        still.add(again);
                    }
                }
            }
        }
        String from = bySource.keySet().size() == 1 ? bySource.keySet().iterator().next() : "a and b (by row version)";
        return new Outcome(from, sent, still, late);
    }

    private void send(Connection c, TableDiff d, String source) throws SQLException {
        TablePair t = d.table();
        String db = "a".equals(source) ? t.dbA() : t.dbB();
        String table = "a".equals(source) ? t.tableA() : t.tableB();
        List<String> columns = TableCatalog.columns(c, db, table);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + quote(DuplexSchema.SCHEMA));
            for (String ddl : RepairTables.create(db, table)) {
                st.execute(ddl);
            }
            // An absent row's key goes with the implicit defaults of the other NOT NULL columns.
            st.execute("SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'STRICT_TRANS_TABLES', '')");
            st.execute("SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'STRICT_ALL_TABLES', '')");
        }
        c.setAutoCommit(false);
        try {
            for (KeyDiff k : d.keys()) {
                sendOne(c, t, db, table, columns, k);
                c.commit();
            }
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void sendOne(Connection c, TablePair t, String db, String table, List<String> columns, KeyDiff k)
            throws SQLException {
        String keyMatch = KeyRange.keyMatch(t);
        String repair = qualified(DuplexSchema.SCHEMA, RepairTables.name(db, table));
        boolean present;
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + qualified(db, table) + " WHERE " + keyMatch
                + " FOR UPDATE")) {
            bindKey(ps, 1, k);
            try (ResultSet rs = ps.executeQuery()) {
                present = rs.next();
            }
        }
        String markers = RepairTables.MARKER_COLUMNS.stream().map(col -> quote(col)).collect(Collectors.joining(", "));
        String sql = present
                ? "INSERT INTO " + repair + " (" + list(columns) + ", " + markers + ") SELECT " + list(columns)
                + ", ?, ?, 0 FROM " + qualified(db, table) + " WHERE " + keyMatch
                : "INSERT INTO " + repair + " (" + list(t.keyColumns()) + ", " + markers + ") VALUES ("
                + "?, ".repeat(t.keyColumns().size()) + "?, ?, 1)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (!present) {
                i = bindKey(ps, i, k);
            }
            ps.setString(i++, db);
            ps.setString(i++, table);
            if (present) {
                bindKey(ps, i, k);
            }
            ps.executeUpdate();
        }
        try (Statement st = c.createStatement()) {
            st.execute("DELETE FROM " + repair);
        }
    }

    private static int bindKey(PreparedStatement ps, int first, KeyDiff k) throws SQLException {
        int i = first;
        for (byte[] v : k.key()) {
            ps.setBytes(i++, v);
        }
        return i;
    }

    private static String list(List<String> columns) {
        return columns.stream().map(col -> quote(col)).collect(Collectors.joining(", "));
    }

    private Connection open(String node) {
        return new NodeConnections(config.node(node), secrets).open();
    }
}
