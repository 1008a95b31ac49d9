package dev.duplex.core.error;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.duplex.sandbox.MySqlServer;
import dev.duplex.sandbox.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every value error the apply can meet, raised on a real server (the sandbox, MariaDB here;
 * DUPLEX_TEST_MYSQL_B names a MySQL 8 instead), as Connector/J hands it over: the text shown
 * keeps the key, column or constraint and loses the value, whose marker is "sekrit".
 */
class ErrorTextOnServerIT {
    private static MySqlServer server;
    private static Connection c;

    @BeforeAll
    static void start() throws SQLException {
        server = TestServers.b();
        c = server.connect();
        run("DROP DATABASE IF EXISTS leak", "CREATE DATABASE leak", "USE leak",
                "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'",
                "CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(60), n INT, d DATE, s VARCHAR(3),"
                        + " e ENUM('x','y'), u BIGINT UNSIGNED, l VARCHAR(10) CHARACTER SET latin1,"
                        + " UNIQUE KEY uq_email (email), CONSTRAINT chk_n CHECK (n < 1000))",
                "INSERT INTO users (id, email, u) VALUES (1, 'sekrit@example.com', 1)",
                "CREATE TABLE parent (id INT PRIMARY KEY)",
                "CREATE TABLE child (id INT PRIMARY KEY, pid INT, CONSTRAINT fk_parent FOREIGN KEY (pid)"
                        + " REFERENCES parent (id))");
    }

    @AfterAll
    static void stop() throws SQLException {
        if (c != null) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void run(String... statements) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /** The server's refusal of {@code sql}, redacted: no marker left, {@code kept} still named. */
    private static void shows(int code, String sql, String kept) {
        try {
            run(sql);
            fail("the server accepted " + sql);
        } catch (SQLException e) {
            String raw = e.getMessage();
            String shown = ErrorText.redact(e.getErrorCode(), raw);
            System.out.printf("[%d] %s%n    -> %s%n", e.getErrorCode(), raw, shown);
            assertTrue(e.getErrorCode() == code, "expected error " + code + ", got " + e.getErrorCode() + ": " + raw);
            assertFalse(shown.contains("sekrit"), shown);
            assertFalse(ErrorText.redact(raw).contains("sekrit"), "by its shape alone: " + raw);
            assertTrue(shown.contains(kept), "keeps " + kept + ": " + shown);
        }
    }

    @Test
    void shouldHideTheValuesOfDuplicateKeys() {
        shows(1062, "INSERT INTO users (id, email) VALUES (2, 'sekrit@example.com')", "uq_email");
        shows(1062, "INSERT INTO users (id) VALUES (1)", "PRIMARY");
    }

    @Test
    void shouldHideIncorrectValuesAndKeepTheColumn() {
        shows(1366, "INSERT INTO users (id, n) VALUES (3, 'sekrit-n')", "n");
        shows(1292, "INSERT INTO users (id, d) VALUES (4, 'sekrit-date')", "d");
        shows(1366, "INSERT INTO users (id, l) VALUES (5, _utf8mb4'\uD83D\uDE00sekrit')", "l");
        shows(1690, "UPDATE users SET u = u - 5 WHERE id = 1 AND email = 'sekrit@example.com'", "BIGINT UNSIGNED");
    }

    @Test
    void shouldKeepTheNamesOfMessagesWithoutValues() {
        shows(1406, "INSERT INTO users (id, s) VALUES (6, 'sekrit')", "'s'");
        shows(1265, "INSERT INTO users (id, e) VALUES (7, 'sekrit')", "'e'");
        shows(server.isMariaDb() ? 4025 : 3819, "INSERT INTO users (id, n) VALUES (8, 5000)", "chk_n");
        shows(1452, "INSERT INTO child VALUES (1, 424242)", "fk_parent");
    }
}
