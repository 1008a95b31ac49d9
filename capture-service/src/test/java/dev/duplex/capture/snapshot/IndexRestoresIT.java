package dev.duplex.capture.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.capture.source.ConnectionFactory;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.sandbox.MySqlServer;
import dev.duplex.sandbox.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Adding deferred indexes back on a real MariaDB when node b refuses: the copy stops loudly with
 * a typed error that names the indexes, where their definitions are and the fix, nothing is
 * forgotten, and a later run that can add them does.
 */
class IndexRestoresIT {
    private static MySqlServer b;
    private static ConnectionFactory target;

    @BeforeAll
    static void start() {
        b = TestServers.b();
        target = () -> {
            try {
                return b.connect();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
    }

    @Test
    void shouldStopLoudlyKeepingTheRecordWhenNodeBCannotAddAnIndexBackAndAddItOnceItCan() throws Exception {
        try (Connection c = b.connect(); Statement s = c.createStatement()) {
            DuplexSchema.create(s);
            s.execute("CREATE DATABASE restore_fail");
            s.execute("CREATE TABLE restore_fail.t (id INT PRIMARY KEY, a INT)");
            s.execute("INSERT INTO restore_fail.t VALUES (1, 1), (2, 2)");
            // A definition node b refuses (its column is gone), recorded beside a good one.
            s.execute("INSERT INTO duplex.deferred_index VALUES ('rf', 's', 'restore_fail', 't', 'by_a', 0, "
                    + "'KEY `by_a` (`a`)', UTC_TIMESTAMP(6)), ('rf', 's', 'restore_fail', 't', 'by_gone', 1, "
                    + "'KEY `by_gone` (`gone`)', UTC_TIMESTAMP(6))");
        }
        IndexDeferral.Target t = new IndexDeferral.Target("restore_fail", "t");
        IndexRestores restores = new IndexRestores("rf", "s", target, recorded(), 2);
        restores.copied(t);
        FatalException e = assertThrows(FatalException.class, restores::finish);
        restores.close();
        assertTrue(e.getMessage().contains("[by_a, by_gone]") && e.getMessage().contains("duplex.deferred_index")
                && e.getMessage().contains("duplex task start rf")
                && e.getMessage().contains("ADD KEY `by_a` (`a`), ADD KEY `by_gone` (`gone`)"), e.getMessage());
        assertEquals(List.of("PRIMARY"), rows("SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE "
                + "TABLE_SCHEMA = 'restore_fail' AND TABLE_NAME = 't'"), "one statement: neither index was added");
        assertEquals(List.of("by_a", "by_gone"), rows("SELECT name FROM duplex.deferred_index WHERE task = 'rf' "
                + "ORDER BY seq"), "nothing forgotten");

        try (Connection c = b.connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE restore_fail.t ADD COLUMN gone INT"); // the cause fixed
        }
        try (IndexRestores again = new IndexRestores("rf", "s", target, recorded(), 2)) {
            again.finish(); // a table copied in an earlier run: added back at the end
        }
        assertEquals(List.of("by_a", "by_gone"), rows("SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE "
                + "TABLE_SCHEMA = 'restore_fail' AND TABLE_NAME = 't' AND INDEX_NAME <> 'PRIMARY' ORDER BY 1"));
        assertEquals(List.of(), rows("SELECT name FROM duplex.deferred_index WHERE task = 'rf'"));
    }

    private static Map<IndexDeferral.Target, List<IndexDeferral.Recorded>> recorded() throws SQLException {
        try (Connection c = b.connect()) {
            return IndexDeferral.recorded(c, "rf", "s");
        }
    }

    private static List<String> rows(String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = b.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
