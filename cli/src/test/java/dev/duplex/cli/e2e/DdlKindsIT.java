package dev.duplex.cli.e2e;

import static dev.duplex.cli.e2e.DdlShapes.asOnB;
import static dev.duplex.cli.e2e.DdlShapes.bodyForComparison;
import static dev.duplex.cli.e2e.DdlShapes.exec;
import static dev.duplex.cli.e2e.DdlShapes.showCreate;
import static dev.duplex.cli.e2e.DdlShapes.tableExists;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.store.TaskState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each DDL statement of the reference's list, run on node a in a task that renames a database
 * (app is app_b, crm is crm_b), renames a table (crm.accounts is crm_b.ledger) and has
 * {@code capitalization: uppercase}: node b's SHOW CREATE equals node a's under those names.
 * One cluster for the class; each test works on its own tables.
 */
class DdlKindsIT {
    private static final String OBJECTS = """
            - database: app
              renameTo: app_b
            - database: crm
              renameTo: crm_b
              tables:
                - {name: accounts, renameTo: ledger}
                - items
                - {name: contacts, columns: [id, email]}""";
    private static final Map<String, String> RENAMES = Map.of("app", "app_b", "crm", "crm_b", "accounts", "ledger");

    @TempDir
    static Path dir;
    private static SyncCluster cluster;

    @BeforeAll
    static void start() throws SQLException {
        cluster = SyncCluster.start(dir, "e2e-ddl-kinds", OBJECTS, "ddl: true", "capitalization: uppercase",
                DdlKindsIT::createSchema);
        cluster.startRuntime();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void stillRunning() {
        assertEquals(TaskState.RUNNING, cluster.status().task().state(), cluster::describe);
    }

    private static void createSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@server_id")) {
            rs.next();
            boolean a = rs.getInt(1) == 1;
            String crm = a ? "crm" : "crm_b";
            st.execute("CREATE DATABASE " + (a ? "app" : "app_b"));
            st.execute("CREATE DATABASE " + crm);
            st.execute(a ? "CREATE TABLE crm.accounts (id INT PRIMARY KEY, owner VARCHAR(20), balance DECIMAL(10,2))"
                    : "CREATE TABLE crm_b.ledger (ID INT PRIMARY KEY, OWNER VARCHAR(20), BALANCE DECIMAL(10,2))");
            st.execute(a ? "CREATE TABLE crm.items (id INT PRIMARY KEY, account_id INT, sku VARCHAR(10))"
                    : "CREATE TABLE crm_b.ITEMS (ID INT PRIMARY KEY, ACCOUNT_ID INT, SKU VARCHAR(10))");
            st.execute(a ? "CREATE TABLE crm.contacts (id INT PRIMARY KEY, email VARCHAR(50), secret VARCHAR(50))"
                    : "CREATE TABLE crm_b.CONTACTS (ID INT PRIMARY KEY, EMAIL VARCHAR(50))");
        }
    }

    private static void onA(String... statements) throws SQLException {
        exec(cluster.a(), statements);
        cluster.awaitDrained(Duration.ofSeconds(30));
    }

    /** Node b's table equals node a's under node b's names. */
    private static void assertSameTable(String db, String table, String bDb, String bTable) throws SQLException {
        String a = showCreate(cluster.a(), "TABLE", db, table).orElseThrow();
        String b = showCreate(cluster.b(), "TABLE", bDb, bTable).orElseThrow(() -> new AssertionError(
                bDb + "." + bTable + " is not on node b\n" + cluster.describe()));
        assertEquals(asOnB(a, RENAMES), b);
    }

    private static void assertSameBody(String what, String db, String name, String bDb, String bName)
            throws SQLException {
        String a = showCreate(cluster.a(), what, db, name).orElseThrow();
        String b = showCreate(cluster.b(), what, bDb, bName).orElseThrow(() -> new AssertionError(
                what + " " + bDb + "." + bName + " is not on node b\n" + cluster.describe()));
        assertEquals(bodyForComparison(a, RENAMES), bodyForComparison(b, Map.of()));
    }

    @Test
    void createTableWithChecksKeysAndAForeignKeyToARenamedTable() throws SQLException {
        onA("CREATE TABLE app.t_create (id INT PRIMARY KEY, note VARCHAR(20) NOT NULL DEFAULT 'x', "
                + "price DECIMAL(10,2), account_id INT, KEY ix_note (note), CONSTRAINT chk_price CHECK (price >= 0), "
                + "CONSTRAINT fk_acc FOREIGN KEY (account_id) REFERENCES crm.accounts (id))");
        assertSameTable("app", "t_create", "app_b", "T_CREATE");
    }

    /** Read as its session's sql_mode reads it: "x" a name under ANSI_QUOTES, '\\' a whole string under NO_BACKSLASH_ESCAPES. */
    @Test
    void createTableInAnAnsiQuotesAndNoBackslashEscapesSession() throws SQLException {
        onA("SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES,NO_BACKSLASH_ESCAPES')",
                "CREATE TABLE \"app\".\"t_ansi\" (id INT PRIMARY KEY, dir VARCHAR(5) DEFAULT 'C:\\', \"note\" TEXT)");
        assertSameTable("app", "t_ansi", "app_b", "T_ANSI");
    }

    @Test
    void createTableLike() throws SQLException {
        onA("CREATE TABLE app.t_src (id INT PRIMARY KEY, v VARCHAR(5))",
                "/* copy */ CREATE TABLE IF NOT EXISTS `app`.`t_like` LIKE `app`.t_src");
        assertSameTable("app", "t_like", "app_b", "T_LIKE");
    }

    /** Logged (ROW format) as CREATE TABLE with the column definitions plus the rows, in one transaction. */
    @Test
    void createTableAsSelect() throws SQLException {
        onA("CREATE TABLE app.t_rows (id INT PRIMARY KEY, v VARCHAR(5))", "INSERT INTO app.t_rows VALUES (1, 'a'), (2, 'b')",
                "CREATE TABLE app.t_ctas (PRIMARY KEY (id)) AS SELECT id, v FROM app.t_rows");
        assertSameTable("app", "t_ctas", "app_b", "T_CTAS");
        assertEquals(2, count("app_b.T_CTAS"));
    }

    @Test
    void alterTableOfARenamedTableClauseByClause() throws SQLException {
        try (Connection c = cluster.a().connect(); Statement st = c.createStatement()) {
            st.execute("USE crm");
            st.execute("ALTER TABLE accounts ADD COLUMN opened DATE AFTER owner, "
                    + "MODIFY balance DECIMAL(12,4) NOT NULL DEFAULT 0, ADD INDEX ix_owner (owner)");
            st.execute("ALTER TABLE accounts RENAME COLUMN opened TO opened_on, ADD COLUMN gone INT");
            st.execute("ALTER /* ddl */ TABLE `crm`.accounts DROP COLUMN gone, ALTER owner SET DEFAULT 'n/a'");
        }
        cluster.awaitDrained(Duration.ofSeconds(30));
        assertSameTable("crm", "accounts", "crm_b", "ledger");
    }

    /** docs/config.md: only the clauses over selected columns reach a table with a column list. */
    @Test
    void alterTableWithAColumnListAppliesOnlyTheSelectedColumnsClauses() throws SQLException {
        onA("ALTER TABLE crm.contacts ADD COLUMN phone VARCHAR(20), MODIFY email VARCHAR(100) AFTER secret, "
                        + "ADD INDEX ix_secret (secret), ADD INDEX ix_email (email)",
                "ALTER TABLE crm.contacts DROP COLUMN secret",
                "CREATE INDEX ix_phone ON crm.contacts (phone)");
        assertEquals("ID int(11) PRI, EMAIL varchar(100) MUL", columnsOnB("crm_b", "CONTACTS"));
    }

    private static String columnsOnB(String db, String table) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Connection c = cluster.b().connect(); var ps = c.prepareStatement("SELECT COLUMN_NAME, COLUMN_TYPE, "
                + "COLUMN_KEY FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                + "ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sb.append(sb.isEmpty() ? "" : ", ").append(rs.getString(1)).append(' ').append(rs.getString(2))
                            .append(' ').append(rs.getString(3));
                }
            }
        }
        return sb.toString();
    }

    @Test
    void createAndDropIndex() throws SQLException {
        onA("CREATE INDEX ix_sku ON crm.items (sku(5), account_id DESC)");
        assertSameTable("crm", "items", "crm_b", "ITEMS");
        onA("DROP INDEX ix_sku ON crm.items");
        assertSameTable("crm", "items", "crm_b", "ITEMS");
    }

    @Test
    void renameTablesInOneStatement() throws SQLException {
        onA("CREATE TABLE app.r1 (id INT PRIMARY KEY)", "CREATE TABLE app.r2 (id INT PRIMARY KEY, x INT)",
                "RENAME TABLE app.r1 TO app.r1x, app.r2 TO app.r2x");
        assertFalse(tableExists(cluster.b(), "app_b", "R1"));
        assertFalse(tableExists(cluster.b(), "app_b", "R2"));
        assertSameTable("app", "r1x", "app_b", "R1X");
        assertSameTable("app", "r2x", "app_b", "R2X");
    }

    @Test
    void truncateTable() throws SQLException {
        onA("CREATE TABLE app.tr (id INT PRIMARY KEY)", "INSERT INTO app.tr VALUES (1), (2)");
        assertEquals(2, count("app_b.TR"));
        onA("TRUNCATE TABLE app.tr");
        assertEquals(0, count("app_b.TR"));
        assertSameTable("app", "tr", "app_b", "TR");
    }

    @Test
    void dropTablesIncludingOneThatDoesNotExist() throws SQLException {
        onA("CREATE TABLE app.d1 (id INT PRIMARY KEY)", "CREATE TABLE app.d2 (id INT PRIMARY KEY)");
        assertTrue(tableExists(cluster.b(), "app_b", "D1"));
        onA("DROP TABLE IF EXISTS app.nosuch, app.d1, `app`.`d2`");
        assertFalse(tableExists(cluster.b(), "app_b", "D1"));
        assertFalse(tableExists(cluster.b(), "app_b", "D2"));
    }

    @Test
    void createAndAlterViewsOverRenamedTables() throws SQLException {
        try (Connection c = cluster.a().connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE app.vt (id INT PRIMARY KEY, note VARCHAR(10), price DECIMAL(10,2))");
            st.execute("USE app");
            st.execute("CREATE VIEW v AS SELECT t.id, t.note FROM vt t WHERE t.price > 0");
            st.execute("CREATE VIEW app.v_acc AS SELECT i.sku, accounts.owner FROM crm.accounts "
                    + "JOIN crm.items i ON i.account_id = accounts.id");
        }
        cluster.awaitDrained(Duration.ofSeconds(30));
        assertSameBody("VIEW", "app", "v", "app_b", "V");
        assertSameBody("VIEW", "app", "v_acc", "app_b", "V_ACC");
        onA("ALTER VIEW app.v AS SELECT id, note FROM app.vt WHERE price < 0");
        assertSameBody("VIEW", "app", "v", "app_b", "V");
    }

    @Test
    void createProcedureAndFunctionThatUseRenamedTables() throws SQLException {
        onA("CREATE TABLE app.rt (id INT PRIMARY KEY, note VARCHAR(10))",
                "INSERT INTO app.rt VALUES (1, 'a'), (2, 'b')",
                "CREATE PROCEDURE app.p(IN k INT) BEGIN INSERT INTO rt (id, note) VALUES (k, 'p'); "
                        + "UPDATE crm.accounts SET owner = 'p' WHERE id = k; END",
                "CREATE FUNCTION app.f(k INT) RETURNS INT READS SQL DATA RETURN (SELECT COUNT(*) FROM rt WHERE id >= k)");
        assertSameBody("PROCEDURE", "app", "p", "app_b", "p");
        assertSameBody("FUNCTION", "app", "f", "app_b", "f");
        assertEquals(2, count("app_b.RT WHERE app_b.f(0) = 2 AND id > 0"), "the function runs on node b");
    }

    private static int count(String from) throws SQLException {
        try (Connection c = cluster.b().connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + from)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
