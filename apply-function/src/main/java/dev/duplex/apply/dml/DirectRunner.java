package dev.duplex.apply.dml;

import dev.duplex.apply.sql.TableInfo;
import dev.duplex.core.model.Value;
import dev.duplex.core.sql.ValueBinder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** One statement, one round trip, the real count: the path every conflict is decided on. */
final class DirectRunner implements StatementRunner {
    private final Connection c;
    private final StatementListener listener;
    private int statements;

    DirectRunner(Connection c, StatementListener listener) {
        this.c = c;
        this.listener = listener;
    }

    @Override
    public int run(String sql, List<Value> params, int expected, TableInfo table) throws SQLException {
        int count;
        if (params.stream().anyMatch(DirectRunner::isEnumErrorValue)) {
            count = LenientStatement.run(c, table, () -> execute(sql, params));
        } else {
            try {
                count = execute(sql, params);
            } catch (SQLException e) {
                if (!LenientStatement.refusedGenerated(table, e)) {
                    throw e;
                }
                count = LenientStatement.run(c, table, () -> execute(sql, params));
            }
        }
        listener.afterStatement(c, ++statements);
        return count;
    }

    private int execute(String sql, List<Value> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ValueBinder.bind(ps, i + 1, params.get(i));
            }
            return ps.executeUpdate();
        }
    }

    @Override
    public boolean deferred() {
        return false;
    }

    @Override
    public void flush() {
        // nothing is queued
    }

    /**
     * MySQL's ENUM error value (index 0, label '') exists only where a non-strict source stored an
     * invalid label; strict mode refuses to write it, non-strict mode stores exactly that value.
     */
    static boolean isEnumErrorValue(Value v) {
        return v instanceof Value.Enum e && e.label().isEmpty();
    }
}
