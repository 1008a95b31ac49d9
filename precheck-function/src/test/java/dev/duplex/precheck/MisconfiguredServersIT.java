package dev.duplex.precheck;

import static dev.duplex.precheck.Sandboxes.assertItem;
import static dev.duplex.precheck.Sandboxes.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.sandbox.MySqlSandbox;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two servers started with the settings each server check exists for: node a logs statements
 * with minimal images and metadata, keeps its binlog one day, compresses it, does not log what
 * it replicates and ignores the duplex schema; node b has a's server id (and so its GTID domain),
 * no binlog at all and case-insensitive table names. Every item names its fix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MisconfiguredServersIT {

    private MySqlSandbox a;
    private MySqlSandbox b;
    private PrecheckReport report;

    @BeforeAll
    void start() {
        a = MySqlSandbox.start("bad-a", 1, Map.of("binlog_format", "STATEMENT", "binlog_row_image", "MINIMAL",
                "binlog_row_metadata", "MINIMAL", "expire_logs_days", "1", "log_slave_updates", "OFF",
                "log_bin_compress", "ON", "binlog-ignore-db", "duplex"));
        Map<String, String> bOptions = new HashMap<>();
        bOptions.put("log-bin", null);
        bOptions.put("lower_case_table_names", "1");
        b = MySqlSandbox.start("bad-b", 1, bOptions);
        sql(a, "CREATE DATABASE Shop", "CREATE TABLE Shop.Customers (id INT PRIMARY KEY, name VARCHAR(50))");
        // Full synchronization is selected: node a's binlog must be kept 7 days.
        report = new Precheck(Sandboxes.secrets(a, b)).check(Sandboxes.config(Sandboxes.task(a, b,
                "sync: {types: [schema, full, incremental]}\nobjects: [Shop]\n")), List.of());
    }

    @AfterAll
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void shouldFailStatementBinlogFormat() {
        CheckItem item = assertItem(report, "binlog-format.a", Status.FAIL);
        assertEquals("binlog_format=STATEMENT", item.found());
        assertTrue(item.fix().startsWith("SET GLOBAL binlog_format = 'ROW'; and binlog_format=ROW under [mysqld]"),
                item.fix());
    }

    @Test
    void shouldFailMinimalRowImage() {
        CheckItem item = assertItem(report, "binlog-row-image.a", Status.FAIL);
        assertTrue(item.fix().startsWith("SET GLOBAL binlog_row_image = 'FULL';"), item.fix());
    }

    @Test
    void shouldWarnMinimalRowMetadata() {
        CheckItem item = assertItem(report, "binlog-row-metadata.a", Status.WARN);
        assertTrue(item.ignorable());
        assertTrue(item.fix().startsWith("SET GLOBAL binlog_row_metadata = 'FULL';"), item.fix());
    }

    @Test
    void shouldWarnOneDayOfRetentionWhenFullSyncIsSelected() {
        CheckItem item = assertItem(report, "binlog-retention.a", Status.WARN);
        assertTrue(item.found().contains("(1 day)"), item.found());
        assertTrue(item.expected().contains("7 days"), item.expected());
        assertTrue(item.fix().startsWith("SET GLOBAL binlog_expire_logs_seconds = 604800;"), item.fix());
    }

    @Test
    void shouldWarnLogSlaveUpdatesOff() {
        CheckItem item = assertItem(report, "log-replica-updates.a", Status.WARN);
        assertTrue(item.fix().startsWith("log_slave_updates=ON under [mysqld]"), item.fix());
    }

    @Test
    void shouldFailCompressedBinlog() {
        CheckItem item = assertItem(report, "binlog-compression.a", Status.FAIL);
        assertTrue(item.fix().startsWith("SET GLOBAL log_bin_compress = OFF;"), item.fix());
    }

    @Test
    void shouldFailABinlogFilterThatIgnoresTheDuplexSchema() {
        CheckItem item = assertItem(report, "binlog-filters.a", Status.FAIL);
        assertTrue(item.found().contains("a loop"), item.found());
        assertTrue(item.fix().startsWith("remove binlog-ignore-db=duplex under [mysqld]"), item.fix());
    }

    @Test
    void shouldFailANodeWithoutBinlog() {
        CheckItem item = assertItem(report, "binlog-enabled.b", Status.FAIL);
        assertEquals("log_bin=OFF", item.found());
        assertTrue(item.fix().startsWith("log-bin=mysql-bin under [mysqld]"), item.fix());
    }

    @Test
    void shouldFailEqualServerIdsAndWarnTheSharedGtidDomain() {
        CheckItem ids = assertItem(report, "server-id", Status.FAIL);
        assertEquals("a: server_id=1, b: server_id=1: the same", ids.found());
        assertTrue(ids.fix().contains("SET GLOBAL server_id = 2;"), ids.fix());
        assertItem(report, "gtid", Status.WARN);
    }

    @Test
    void shouldFailDifferentLowerCaseTableNamesWithCapitalizedNames() {
        CheckItem item = assertItem(report, "lower-case-table-names", Status.FAIL);
        assertTrue(item.found().contains("a: lower_case_table_names=0, b: lower_case_table_names=1"), item.found());
        assertTrue(item.found().contains("Customers"), item.found());
    }

    @Test
    void shouldNotPassAndListOnlyCorrectSettingsAsPassed() {
        assertFalse(report.passed());
        assertItem(report, "binlog-format.b", Status.PASS);
        assertItem(report, "server-id", Status.FAIL);
        assertItem(report, "connectivity.a", Status.PASS);
    }
}
