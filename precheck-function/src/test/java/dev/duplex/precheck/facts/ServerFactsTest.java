package dev.duplex.precheck.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerFactsTest {

    @Test
    void shouldParseDistributionVersions() {
        ServerVersion v = ServerVersion.parse("10.11.19-MariaDB-0+deb12u1-log");
        assertEquals("10.11.19", v.number());
        assertTrue(ServerVersion.parse("8.0.36").atLeast(8, 0, 23));
        assertFalse(ServerVersion.parse("8.0.22-log").atLeast(8, 0, 23));
        assertTrue(ServerVersion.parse("8.0.9").compareTo(ServerVersion.parse("8.0.10")) < 0);
    }

    @Test
    void shouldTellTheFlavors() {
        assertEquals(Flavor.MARIADB, FactsFixtures.mariaDb("10.11.6").flavor());
        assertEquals(Flavor.MYSQL, FactsFixtures.mysql("8.0.36").flavor());
        assertEquals(Flavor.POLARDB, FactsFixtures.polarDb("8.0.1").flavor());
        assertEquals(Flavor.POLARDB, FactsFixtures.facts("8.0.1", "Source distribution", "polar_version", "8.0.1.1.40")
                .flavor());
    }

    @Test
    void shouldReadLowerCaseTableNamesAndVariablesWithoutCase() {
        ServerFacts f = FactsFixtures.mysql("8.0.36", "lower_case_table_names", "1", "LOG_BIN", "ON");
        assertEquals(1, f.lowerCaseTableNames());
        assertTrue(f.namesIgnoreCase());
        assertTrue(f.isOn("log_bin"));
        assertEquals(0, FactsFixtures.mysql("8.0.36").lowerCaseTableNames());
    }

    @Test
    void shouldFormatTheAccountForGrantStatements() {
        assertEquals("'duplex'@'%'", FactsReader.account("duplex@%"));
        assertEquals("'a@b'@'10.0.0.%'", FactsReader.account("a@b@10.0.0.%"));
    }

    @Test
    void shouldApplyBinlogDoAndIgnoreFilters() {
        assertTrue(BinlogFilters.none().logs("duplex"));
        assertFalse(BinlogFilters.parse("", "duplex,tmp").logs("duplex"));
        assertTrue(BinlogFilters.parse("", "tmp").logs("duplex"));
        assertFalse(BinlogFilters.parse("shop", "").logs("duplex"));
        assertTrue(BinlogFilters.parse("shop,duplex", "").logs("duplex"));
    }

    @Test
    void shouldPreferThePrimaryKeyAndSkipNullableUniqueKeys() {
        TableFacts t = new TableFacts("shop", "t", false, "InnoDB", "BASE TABLE", List.of(
                new TableFacts.Column("id", "int", false, null, false),
                new TableFacts.Column("email", "varchar(100)", true, "utf8mb4", false),
                new TableFacts.Column("code", "char(3)", false, "utf8mb4", false)),
                List.of(new TableFacts.Index("uk_email", true, List.of("email")),
                        new TableFacts.Index("uk_code", true, List.of("code"))), List.of(), List.of());
        assertEquals("uk_code", t.rowKey().orElseThrow().name());
        assertEquals(List.of("uk_email"), t.nullableUniqueKeys().stream().map(TableFacts.Index::name).toList());
    }
}
