package dev.duplex.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.cli.CliRun;
import dev.duplex.cli.demo.DemoCluster;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code duplex verify} on servers whose global sql_mode changes how SQL text reads. Each table's
 * filter holds a literal the filter parser reads one way and such a mode would read another way
 * if the filter text were pasted into the SELECT: with NO_BACKSLASH_ESCAPES {@code 'x\'} ends
 * the string and the rest runs as SQL; with ANSI_QUOTES {@code "region"} names a column. Node b
 * holds exactly the rows the filter selects on a (what a sync leaves there), so verify must
 * report every table equal, with the filter's row count, under every mode.
 */
class FilterInjectionIT {
    /**
     * Parser: name = "x' OR 1=1 #" OR name = 'z' OR name = "y\". Pasted under NO_BACKSLASH_ESCAPES:
     * every row. Bound, the last value keeps its one backslash only if the driver escapes it for
     * the session's mode.
     */
    private static final String BACKSLASH_FILTER = "name = 'x\\' OR 1=1 #'\nOR name = 'z' OR name = 'y\\\\'";

    @TempDir
    static Path dir;
    private static DemoCluster cluster;

    @BeforeAll
    static void start() throws SQLException {
        String objects = """
                - database: inj
                  tables:
                    - name: nbe
                      where: |-
                %s
                    - name: nbe_like
                      where: "name LIKE 'A\\\\_%%'"
                    - name: ansi
                      where: 'region = "region"'
                    - name: ansi_err
                      where: 'region = "no such column"'
                    - name: hnp
                      where: NOT id BETWEEN 2 AND 3
                """.formatted(BACKSLASH_FILTER.indent(8).stripTrailing());
        cluster = DemoCluster.start(dir, "filter-injection", objects, "");
        schema(cluster.a(), true);
        schema(cluster.b(), false);
        assertEquals(BACKSLASH_FILTER, cluster.config().selectionFor("inj", "nbe").where().text());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void defaultMode() throws SQLException {
        globalSqlMode("DEFAULT");
    }

    @Test
    void shouldFindEveryFilteredTableEqualUnderTheDefaultSqlMode() throws SQLException {
        assertAllEqual(verify());
    }

    @Test
    void shouldTreatALiteralEndingInABackslashAsDataUnderNoBackslashEscapes() throws SQLException {
        globalSqlMode("NO_BACKSLASH_ESCAPES");
        assertAllEqual(verify());
    }

    @Test
    void shouldTreatADoubleQuotedLiteralAsAStringUnderAnsiQuotes() throws SQLException {
        globalSqlMode("ANSI_QUOTES");
        assertAllEqual(verify());
    }

    @Test
    void shouldKeepTheFiltersMeaningUnderAnsiHighNotPrecedenceAndNoBackslashEscapesTogether() throws SQLException {
        globalSqlMode("ANSI,HIGH_NOT_PRECEDENCE,NO_BACKSLASH_ESCAPES");
        assertAllEqual(verify());
    }

    private static CliRun verify() {
        return CliRun.of("verify", "-c", cluster.configFile().toString());
    }

    private static void assertAllEqual(CliRun run) {
        String all = run.out() + run.err();
        assertEquals(0, run.exitCode(), all);
        assertTrue(run.out().contains("OK    inj.nbe (3 rows;"), all);
        assertTrue(run.out().contains("OK    inj.nbe_like (2 rows;"), all);
        assertTrue(run.out().contains("OK    inj.ansi (1 rows;"), all);
        assertTrue(run.out().contains("OK    inj.ansi_err (0 rows;"), all);
        assertTrue(run.out().contains("OK    inj.hnp (2 rows;"), all);
        assertTrue(run.out().contains("5 tables compared, 0 differ"), all);
    }

    /** Sets the mode new sessions start with, on both nodes: verify's connections inherit it. */
    private static void globalSqlMode(String mode) throws SQLException {
        for (MySqlServer s : List.of(cluster.a(), cluster.b())) {
            try (Connection c = s.connect(); Statement st = c.createStatement()) {
                st.execute("SET GLOBAL sql_mode = " + (mode.equals("DEFAULT") ? "DEFAULT" : "'" + mode + "'"));
                try (ResultSet rs = st.executeQuery("SELECT @@GLOBAL.sql_mode")) {
                    rs.next();
                    assertTrue(mode.equals("DEFAULT") || rs.getString(1).contains(mode.split(",")[0]), rs.getString(1));
                }
            }
        }
    }

    /** Node a gets every row; node b only the rows each table's filter selects, as a sync leaves it. */
    private static void schema(MySqlServer server, boolean nodeA) throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE inj");
            st.execute("CREATE TABLE inj.nbe (id INT PRIMARY KEY, name VARCHAR(40))");
            st.execute("CREATE TABLE inj.nbe_like (id INT PRIMARY KEY, name VARCHAR(40))");
            st.execute("CREATE TABLE inj.ansi (id INT PRIMARY KEY, region VARCHAR(40))");
            st.execute("CREATE TABLE inj.ansi_err (id INT PRIMARY KEY, region VARCHAR(40))");
            st.execute("CREATE TABLE inj.hnp (id INT PRIMARY KEY, v VARCHAR(1))");
            insert(c, "inj.nbe", nodeA ? List.of(1, 2, 3, 4, 5) : List.of(1, 2, 5),
                    List.of("x' OR 1=1 #", "z", "other", "x\\", "y\\"));
            // A\_% with LIKE's escape: 'A_' then anything, in any case. Under NO_BACKSLASH_ESCAPES
            // LIKE has no default escape: pasted, the backslash is a plain character (no row).
            insert(c, "inj.nbe_like", nodeA ? List.of(1, 2, 3, 4) : List.of(1, 2), List.of("a_b", "A_c", "ab", "Ab"));
            insert(c, "inj.ansi", nodeA ? List.of(1, 2, 3) : List.of(1), List.of("region", "EU", "US"));
            insert(c, "inj.ansi_err", nodeA ? List.of(1) : List.of(), List.of("EU"));
            // NOT (id BETWEEN 2 AND 3): 1 and 4. HIGH_NOT_PRECEDENCE would read (NOT id) BETWEEN 2 AND 3: none.
            insert(c, "inj.hnp", nodeA ? List.of(1, 2, 3, 4) : List.of(1, 4), List.of("a", "b", "c", "d"));
        }
    }

    private static void insert(Connection c, String table, List<Integer> ids, List<String> values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
            for (int id : ids) {
                ps.setInt(1, id);
                ps.setString(2, values.get(id - 1));
                ps.executeUpdate();
            }
        }
    }
}
