package dev.duplex.capture.snapshot;

import static dev.duplex.core.sql.Identifiers.qualified;
import static dev.duplex.core.sql.Identifiers.quote;

import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import dev.duplex.core.sql.Identifiers;
import dev.duplex.core.sql.ValueBinder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes rows of one table as multi-row INSERTs, for a node b that refuses LOAD DATA LOCAL
 * (local_infile off, MySQL's default). Values are bound as apply binds them (apply-function's
 * ValueBinder, which capture cannot use): temporals as text, a FLOAT widened to DOUBLE (exact).
 */
final class InsertRows {
    /** Statement text kept well under any max_allowed_packet (16 MiB by default on MariaDB). */
    static final long MAX_BYTES = 4L << 20;
    static final int MAX_ROWS = 1000;

    private InsertRows() {}

    /** Runs one bound INSERT of {@code rows} rows and judges what it left; returns the rows it counted. */
    @FunctionalInterface
    interface Runner {
        long run(PreparedStatement ps, int rows) throws SQLException;
    }

    /**
     * Inserts {@code rows} (one table, same columns), keeping a row node b has with the same key;
     * {@code runner} runs each statement.
     */
    static long write(Connection c, List<RowChange> rows, Runner runner) throws SQLException {
        long inserted = 0;
        int from = 0;
        while (from < rows.size()) {
            int to = from;
            long bytes = 0;
            while (to < rows.size() && to - from < MAX_ROWS && (to == from || bytes < MAX_BYTES)) {
                bytes += size(rows.get(to));
                to++;
            }
            inserted += statement(c, rows.subList(from, to), runner);
            from = to;
        }
        return inserted;
    }

    private static long statement(Connection c, List<RowChange> rows, Runner runner) throws SQLException {
        RowChange first = rows.get(0);
        int n = first.columns().size();
        String tuple = "(" + String.join(", ", Collections.nCopies(n, "?")) + ")";
        String sql = "INSERT INTO " + qualified(first.database(), first.table()) + " ("
                + first.columns().stream().map(Identifiers::quote).collect(Collectors.joining(", "))
                + ") VALUES " + String.join(", ", Collections.nCopies(rows.size(), tuple))
                // A row whose key exists on node b stays as it is there (as apply keeps it for snapshot rows).
                + " ON DUPLICATE KEY UPDATE " + quote(first.columns().get(0)) + " = " + quote(first.columns().get(0));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int index = 1;
            for (RowChange r : rows) {
                for (Value v : r.after()) {
                    ValueBinder.bind(ps, index++, v);
                }
            }
            return runner.run(ps, rows.size());
        }
    }

    private static long size(RowChange r) {
        long bytes = 4;
        for (Value v : r.after()) {
            bytes += switch (v) {
                case Value.Text t -> 3 + t.value().length() * 4L;
                case Value.Json j -> 3 + j.text().length() * 4L;
                case Value.Bytes b -> 4 + b.value().length * 2L;
                case Value.Geometry g -> 4 + g.value().length * 2L;
                default -> 28;
            };
        }
        return bytes;
    }
}
