package dev.duplex.apply.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
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
    void shouldGiveEachShapeItsOwnTextWhenTextsAreReused() {
        List<String> where = new ArrayList<>(List.of("id"));
        assertEquals("UPDATE `s`.`t` SET `a`=? WHERE `id`<=>?", SqlText.update("s", "t", List.of("a"), where, false));
        where.add("v"); // a caller's list changing after the call must not change what its old shape gives
        assertEquals("UPDATE `s`.`t` SET `a`=? WHERE `id`<=>? AND `v`<=>?",
                SqlText.update("s", "t", List.of("a"), where, false));
        assertEquals("UPDATE `s`.`t` SET `a`=? WHERE `id`<=>?",
                SqlText.update("s", "t", List.of("a"), List.of("id"), false));
        assertEquals("UPDATE `s`.`t` SET `a`=? WHERE `id`<=>? LIMIT 1",
                SqlText.update("s", "t", List.of("a"), List.of("id"), true));
        assertEquals("DELETE FROM `s`.`u` WHERE `id`<=>?", SqlText.delete("s", "u", List.of("id"), false));
        assertEquals("INSERT INTO `s`.`t` (`a`) VALUES (?),(?)", SqlText.insert("s", "t", List.of("a"), 2, false));
        assertEquals("REPLACE INTO `s`.`t` (`a`) VALUES (?),(?)", SqlText.insert("s", "t", List.of("a"), 2, true));
    }

    @Test
    void shouldKeepGivingTheRightTextsPastTheMemosBound() {
        for (int i = 0; i < SqlText.MEMO_MAX + 10; i++) {
            assertEquals("DELETE FROM `s`.`t" + i + "` WHERE `id`<=>?",
                    SqlText.delete("s", "t" + i, List.of("id"), false));
        }
        assertEquals("DELETE FROM `s`.`t0` WHERE `id`<=>?", SqlText.delete("s", "t0", List.of("id"), false));
    }

    @Test
    void shouldRefuseToAddressARowByNothing() {
        assertThrows(IllegalArgumentException.class, () -> SqlText.delete("s", "t", List.of(), false));
        assertThrows(IllegalArgumentException.class, () -> SqlText.matches(List.of()));
    }
}
