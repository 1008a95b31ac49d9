package dev.duplex.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.core.model.Value;
import dev.duplex.sandbox.MySqlServer;
import dev.duplex.sandbox.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A LIKE whose pattern is the operand's own column: MariaDB 10.11 takes {@code x LIKE x} in a
 * WHERE as true for every non-NULL x, although a backslash in x escapes the next character and
 * the row does not match itself. Found by WhereSqlMatchesEvaluatorIT (seed 34181959216157).
 */
class WhereSqlColumnPatternIT {

    @Test
    void shouldSelectARowThatDoesNotMatchItselfAsAPatternAsTheEvaluatorDoes() throws SQLException {
        byte[] escaping = {0x5C, 0x27, 0x2B, 0x5A, 0x65, 0x21}; // \'+Ze!
        try (MySqlServer server = TestServers.a(); Connection c = server.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS like_it");
            st.execute("CREATE OR REPLACE TABLE like_it.t (id INT PRIMARY KEY, b VARBINARY(12) NULL)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO like_it.t VALUES (1, ?), (2, 'plain'), (3, NULL)")) {
                ps.setBytes(1, escaping);
                ps.executeUpdate();
            }
            WhereFilter notItself = WhereFilter.parse("NOT b LIKE b");
            assertEquals(Truth.TRUE, notItself.evaluate(WhereFilter.lookup(Map.of("b", new Value.Bytes(escaping))),
                    Dialect.of(server.isMariaDb(), server.version())));
            assertEquals(List.of(1), selected(c, notItself));
            assertEquals(List.of(2), selected(c, WhereFilter.parse("b LIKE b")));
        }
    }

    private static List<Integer> selected(Connection c, WhereFilter f) throws SQLException {
        WhereSql sql = f.sql();
        List<Integer> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM like_it.t WHERE " + sql.sql() + " ORDER BY id")) {
            sql.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
            }
        }
        return ids;
    }
}
