package dev.duplex.precheck.facts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GrantsTest {

    @Test
    void shouldGiveEveryPrivilegeButGrantOptionWithAllOnEverything() {
        Grants g = Grants.parse(List.of("GRANT ALL PRIVILEGES ON *.* TO `duplex`@`%` IDENTIFIED BY PASSWORD"
                + " '*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19'"));
        assertTrue(g.hasGlobal("REPLICATION SLAVE"));
        assertTrue(g.onDatabase("CREATE", "shop", false));
        assertFalse(g.hasGlobal("GRANT OPTION"));
    }

    @Test
    void shouldKeepNoPasswordHashOrAccount() {
        Grants g = Grants.parse(List.of("GRANT USAGE ON *.* TO `u`@`%` IDENTIFIED BY PASSWORD '*2470C0C06DEE42FD16'"));
        assertFalse(g.toString().contains("2470C0C06DEE42FD16"), g.toString());
        assertFalse(g.toString().contains("`u`"), g.toString());
    }

    @Test
    void shouldReadDatabaseLevelPrivilegesWithoutReplication() {
        Grants g = Grants.parse(List.of("GRANT USAGE ON *.* TO `limited`@`%`",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON `shop`.* TO `limited`@`%`"));
        assertTrue(g.onDatabase("SELECT", "shop", false));
        assertFalse(g.onDatabase("SELECT", "crm", false));
        assertFalse(g.hasGlobal("REPLICATION SLAVE"));
    }

    @Test
    void shouldTreatUnderscoreAndPercentAsWildcardsUnlessEscaped() {
        Grants g = Grants.parse(List.of("GRANT SELECT ON `shop_`.* TO `u`@`%`", "GRANT INSERT ON `crm\\_eu`.* TO `u`@`%`",
                "GRANT DELETE ON `app%`.* TO `u`@`%`"));
        assertTrue(g.onDatabase("SELECT", "shopX", false));
        assertTrue(g.onDatabase("INSERT", "crm_eu", false));
        assertFalse(g.onDatabase("INSERT", "crmXeu", false));
        assertTrue(g.onDatabase("DELETE", "app_prod", false));
        assertFalse(g.onDatabase("DELETE", "ap", false));
    }

    @Test
    void shouldReadTableLevelGrantsAndIgnoreColumnLevelOnes() {
        Grants g = Grants.parse(List.of("GRANT SELECT, INSERT ON `shop`.`orders` TO `u`@`%`",
                "GRANT SELECT (`id`, `name`), UPDATE (`name`) ON `shop`.`customers` TO `u`@`%`"));
        assertTrue(g.onTable("INSERT", "shop", "orders", false));
        assertFalse(g.onDatabase("INSERT", "shop", false));
        assertFalse(g.onTable("SELECT", "shop", "customers", false));
    }

    @Test
    void shouldReadMySqlDynamicPrivilegesWithoutSpaces() {
        Grants g = Grants.parse(List.of("GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `u`@`%`",
                "GRANT BACKUP_ADMIN,BINLOG_ADMIN ON *.* TO `u`@`%`"));
        assertTrue(g.hasGlobal("REPLICATION CLIENT"));
        assertTrue(g.hasGlobal("BINLOG_ADMIN"));
    }

    @Test
    void shouldNoteRolesAndQuotedNamesWithDots() {
        Grants g = Grants.parse(List.of("GRANT `app_role`@`%` TO `u`@`%`", "GRANT SELECT ON `my.db`.* TO `u`@`%`",
                "SET DEFAULT ROLE `app_role` FOR `u`@`%`"));
        assertTrue(g.roles());
        assertTrue(g.onDatabase("SELECT", "my.db", false));
    }

    @Test
    void shouldCompareWithoutCaseWhenTheServerDoes() {
        Grants g = Grants.parse(List.of("GRANT SELECT ON `Shop`.* TO `u`@`%`"));
        assertFalse(g.onDatabase("SELECT", "shop", false));
        assertTrue(g.onDatabase("SELECT", "shop", true));
    }
}
