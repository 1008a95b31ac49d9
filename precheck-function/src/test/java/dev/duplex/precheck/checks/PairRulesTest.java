package dev.duplex.precheck.checks;

import static dev.duplex.precheck.facts.FactsFixtures.mariaDb;
import static dev.duplex.precheck.facts.FactsFixtures.mysql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules that compare the two nodes. */
class PairRulesTest {

    @Test
    void shouldPassTheSameReleaseSeries() {
        assertEquals(Status.PASS, VersionCompatibilityCheck.decide(mysql("8.0.36"), mysql("8.0.40"), true).status());
    }

    @Test
    void shouldFailMySql8WithMariaDb() {
        CheckItem item = VersionCompatibilityCheck.decide(mysql("8.0.36"), mariaDb("10.11.6"), false);
        assertEquals(Status.FAIL, item.status());
        assertTrue(item.found().contains("collations"), item.found());
    }

    @Test
    void shouldWarnMySql57WithMariaDb() {
        assertEquals(Status.WARN, VersionCompatibilityCheck.decide(mariaDb("10.6.16"), mysql("5.7.44"), false).status());
    }

    @Test
    void shouldFailAnOlderNodeBWhenSchemaSyncCreatesTablesOnIt() {
        assertEquals(Status.FAIL, VersionCompatibilityCheck.decide(mysql("8.4.3"), mysql("8.0.36"), true).status());
        assertEquals(Status.WARN, VersionCompatibilityCheck.decide(mysql("8.4.3"), mysql("8.0.36"), false).status());
        CheckItem olderA = VersionCompatibilityCheck.decide(mysql("8.0.36"), mysql("8.4.3"), true);
        assertEquals(Status.WARN, olderA.status());
        assertTrue(olderA.fix().startsWith("upgrade node a"), olderA.fix());
    }

    @Test
    void shouldFailEqualOrMissingServerIds() {
        CheckItem same = ServerIdCheck.decide(mysql("8.0.36", "server_id", "7"), mysql("8.0.36", "server_id", "7"));
        assertEquals(Status.FAIL, same.status());
        assertTrue(same.fix().contains("SET GLOBAL server_id = 8;"), same.fix());
        assertEquals(Status.FAIL, ServerIdCheck.decide(mysql("8.0.36", "server_id", "0"),
                mysql("8.0.36", "server_id", "2")).status());
        assertEquals(Status.PASS, ServerIdCheck.decide(mysql("8.0.36", "server_id", "1"),
                mysql("8.0.36", "server_id", "2")).status());
    }

    @Test
    void shouldWarnMixedOrTransitionalGtidModesOnMySql() {
        assertEquals(Status.WARN, GtidCheck.decide(mysql("8.0.36", "gtid_mode", "ON", "enforce_gtid_consistency", "ON"),
                mysql("8.0.36", "gtid_mode", "OFF")).status());
        assertEquals(Status.WARN, GtidCheck.decide(mysql("8.0.36", "gtid_mode", "ON_PERMISSIVE"),
                mysql("8.0.36", "gtid_mode", "ON_PERMISSIVE")).status());
        assertEquals(Status.PASS, GtidCheck.decide(mysql("8.0.36", "gtid_mode", "ON", "enforce_gtid_consistency", "ON"),
                mysql("8.0.36", "gtid_mode", "ON", "enforce_gtid_consistency", "ON")).status());
    }

    @Test
    void shouldWarnOneGtidDomainOnMariaDb() {
        assertEquals(Status.WARN, GtidCheck.decide(mariaDb("10.11.6", "gtid_domain_id", "0"),
                mariaDb("10.11.6", "gtid_domain_id", "0")).status());
        assertEquals(Status.PASS, GtidCheck.decide(mariaDb("10.11.6", "gtid_domain_id", "1"),
                mariaDb("10.11.6", "gtid_domain_id", "2")).status());
        assertEquals(Status.PASS, GtidCheck.decide(mariaDb("10.11.6"), mysql("8.0.36")).status());
    }

    @Test
    void shouldFailDifferentLowerCaseTableNamesWithCapitalizedNames() {
        CheckItem item = LowerCaseTableNamesCheck.decide(mysql("8.0.36", "lower_case_table_names", "0"),
                mysql("8.0.36", "lower_case_table_names", "1"), List.of("shop", "Orders"));
        assertEquals(Status.FAIL, item.status());
        assertTrue(item.found().contains("Orders"), item.found());
    }

    @Test
    void shouldWarnDifferentLowerCaseTableNamesWithLowerCaseNames() {
        assertEquals(Status.WARN, LowerCaseTableNamesCheck.decide(mysql("8.0.36", "lower_case_table_names", "0"),
                mariaDb("10.11.6", "lower_case_table_names", "1"), List.of("shop", "orders")).status());
        assertEquals(Status.PASS, LowerCaseTableNamesCheck.decide(mysql("8.0.36", "lower_case_table_names", "1"),
                mariaDb("10.11.6", "lower_case_table_names", "1"), List.of("Shop")).status());
    }
}
