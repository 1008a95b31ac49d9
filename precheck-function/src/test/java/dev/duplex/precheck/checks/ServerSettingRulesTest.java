package dev.duplex.precheck.checks;

import static dev.duplex.precheck.facts.FactsFixtures.mariaDb;
import static dev.duplex.precheck.facts.FactsFixtures.mysql;
import static dev.duplex.precheck.facts.FactsFixtures.polarDb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.Status;
import dev.duplex.precheck.facts.FactsFixtures;
import dev.duplex.precheck.facts.ServerFacts;
import org.junit.jupiter.api.Test;

/** The decisions of the server-setting checks for servers the sandbox cannot be (MySQL, PolarDB, RDS). */
class ServerSettingRulesTest {

    @Test
    void shouldFailMySqlTransactionCompression() {
        CheckItem item = BinlogCompressionCheck.item("binlog-compression.a", "a",
                mysql("8.0.36", "binlog_transaction_compression", "ON"));
        assertEquals(Status.FAIL, item.status());
        assertTrue(item.fix().startsWith("SET GLOBAL binlog_transaction_compression = OFF;"), item.fix());
    }

    @Test
    void shouldPassCompressionOnServersWithoutIt() {
        assertEquals(Status.PASS, BinlogCompressionCheck.item("x", "a", mysql("5.7.44")).status());
    }

    @Test
    void shouldFailPartialJsonUpdatesOnMySql() {
        CheckItem item = JsonPartialUpdatesCheck.item("json-partial-updates.b", "b",
                mysql("8.0.36", "binlog_row_value_options", "PARTIAL_JSON"));
        assertEquals(Status.FAIL, item.status());
        assertTrue(item.fix().contains("SET GLOBAL binlog_row_value_options = ''"), item.fix());
        assertEquals(Status.PASS, JsonPartialUpdatesCheck.item("x", "b",
                mysql("8.0.36", "binlog_row_value_options", "")).status());
    }

    @Test
    void shouldCheckPolarLogBinOnPolarDb() {
        CheckItem off = BinlogEnabledCheck.item("binlog-enabled.b", "b", polarDb("8.0.1", "polar_log_bin", "OFF",
                "log_bin", "ON"));
        assertEquals(Status.FAIL, off.status());
        assertTrue(off.fix().contains("loose_polar_log_bin"), off.fix());
        assertEquals(Status.PASS, BinlogEnabledCheck.item("x", "b", polarDb("8.0.1", "polar_log_bin", "ON")).status());
    }

    @Test
    void shouldFailLogReplicaUpdatesOffOnAReplicaAndWarnOtherwise() {
        ServerFacts off = mysql("8.0.36", "log_replica_updates", "OFF");
        assertEquals(Status.FAIL, LogReplicaUpdatesCheck.item("x", "a", FactsFixtures.withReplica(off, true)).status());
        CheckItem warn = LogReplicaUpdatesCheck.item("x", "a", off);
        assertEquals(Status.WARN, warn.status());
        assertTrue(warn.fix().startsWith("log_replica_updates=ON under [mysqld]"), warn.fix());
    }

    @Test
    void shouldUseExpirySecondsOverDaysOnMySql8() {
        ServerFacts f = mysql("8.0.36", "binlog_expire_logs_seconds", "2592000", "expire_logs_days", "0");
        assertEquals(2_592_000, BinlogRetentionCheck.expirySeconds(f));
        assertEquals(Status.PASS, BinlogRetentionCheck.item("x", "a", f, BinlogRetentionCheck.WEEK).status());
    }

    @Test
    void shouldFailRetentionUnderADayAndWarnUnderAWeekWithFullSync() {
        ServerFacts hours = mysql("8.0.36", "binlog_expire_logs_seconds", "3600", "expire_logs_days", "0");
        assertEquals(Status.FAIL, BinlogRetentionCheck.item("x", "a", hours, BinlogRetentionCheck.DAY).status());
        ServerFacts twoDays = mariaDb("10.5.20", "expire_logs_days", "2");
        assertEquals(Status.WARN, BinlogRetentionCheck.item("x", "a", twoDays, BinlogRetentionCheck.WEEK).status());
        assertEquals(Status.PASS, BinlogRetentionCheck.item("x", "b", twoDays, BinlogRetentionCheck.DAY).status());
    }

    @Test
    void shouldPassBinlogsThatNeverExpire() {
        CheckItem item = BinlogRetentionCheck.item("x", "a", mysql("8.0.36", "binlog_expire_logs_seconds", "0",
                "expire_logs_days", "0"), BinlogRetentionCheck.WEEK);
        assertEquals(Status.PASS, item.status());
        assertTrue(item.found().contains("never expire"), item.found());
    }

    @Test
    void shouldUseRdsRetentionHoursOnRds() {
        ServerFacts rds = FactsFixtures.withRdsRetention(mysql("8.0.36", "binlog_expire_logs_seconds", "2592000"), 24);
        CheckItem item = BinlogRetentionCheck.item("x", "a", rds, BinlogRetentionCheck.WEEK);
        assertEquals(Status.WARN, item.status());
        assertTrue(item.fix().startsWith("CALL mysql.rds_set_configuration('binlog retention hours', 168);"), item.fix());
        ServerFacts unset = FactsFixtures.withRdsRetention(mysql("8.0.36"), -1);
        assertEquals(Status.FAIL, BinlogRetentionCheck.item("x", "a", unset, BinlogRetentionCheck.DAY).status());
    }

    @Test
    void shouldRequireSupportedVersions() {
        assertEquals(Status.FAIL, VersionCheck.item("version.a", "a", mysql("5.6.51")).status());
        assertEquals(Status.FAIL, VersionCheck.item("version.a", "a", mariaDb("10.4.32")).status());
        assertEquals(Status.PASS, VersionCheck.item("version.a", "a", mysql("8.4.3")).status());
    }

    @Test
    void shouldTreatOnlyLoopbackAddressesAsLocal() {
        assertTrue(TlsCheck.isLoopback("127.0.0.1"));
        assertTrue(TlsCheck.isLoopback("localhost"));
        assertTrue(TlsCheck.isLoopback("::1"));
        assertEquals(false, TlsCheck.isLoopback("db.internal"));
        assertEquals(false, TlsCheck.isLoopback("10.0.0.5"));
        assertEquals(false, TlsCheck.isLoopback("127.example.com"), "a name, not the loopback address");
    }

    @Test
    void shouldFailMoreThanAThousandTablesWithRenames() {
        assertEquals(Status.PASS, TableLimitCheck.decide(1000).status());
        assertEquals(Status.FAIL, TableLimitCheck.decide(1001).status());
    }
}
