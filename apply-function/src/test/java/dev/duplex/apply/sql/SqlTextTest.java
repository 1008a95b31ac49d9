package dev.duplex.apply.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTextTest {
    @Test
    void shouldQuoteEveryNameAndBindEveryValueInMultiRowInsert() {
        assertEquals("INSERT INTO `s``h`.`t` (`a`,`b c`) VALUES (?,?),(?,?)",
                SqlText.insert("s`h", "t", List.of("a", "b c"), 2, false));
        assertEquals("REPLACE INTO `s`.`t` (`a`) VALUES (?)", SqlText.insert("s", "t", List.of("a"), 1, true));
    }

    @Test
    void shouldKeepExistingRowsOnlyOnDuplicateKeysForSnapshotInserts() {
        assertEquals("INSERT INTO `s`.`t` (`id`,`v`) VALUES (?,?),(?,?) ON DUPLICATE KEY UPDATE `id`=`id`",
                SqlText.insertKeepingExisting("s", "t", List.of("id", "v"), 2));
    }

    @Test
    void shouldAddressRowsNullSafely() {
        assertEquals("UPDATE `s`.`t` SET `a`=?,`b`=? WHERE `id`<=>? AND `k`<=>?",
                SqlText.update("s", "t", List.of("a", "b"), List.of("id", "k"), false));
        assertEquals("DELETE FROM `s`.`t` WHERE `a`<=>? LIMIT 1", SqlText.delete("s", "t", List.of("a"), true));
        assertEquals("SELECT `v` FROM `s`.`t` WHERE `id`<=>? LIMIT 1 FOR UPDATE",
                SqlText.selectOne("s", "t", List.of("`v`"), List.of("id")));
    }

    @Test
    void shouldTestWhetherARowHoldsValuesNullSafely() {
        assertEquals("(`id`<=>? AND `k`<=>?)", SqlText.matches(List.of("id", "k")));
    }

    @Test
    void shouldRefuseToAddressARowByNothing() {
        assertThrows(IllegalArgumentException.class, () -> SqlText.delete("s", "t", List.of(), false));
        assertThrows(IllegalArgumentException.class, () -> SqlText.matches(List.of()));
    }
}
