package dev.duplex.core.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeferredIndexesTest {
    private static final String CREATE = """
            CREATE TABLE `t` (
              `id` int(11) NOT NULL,
              `k` int(11) NOT NULL DEFAULT 0,
              `c` char(120) NOT NULL DEFAULT '',
              `KEY x` int(11) DEFAULT NULL COMMENT 'KEY `k_1` (`c`)',
              PRIMARY KEY (`id`),
              UNIQUE KEY `by_c` (`c`),
              KEY `k_1` (`k`),
              KEY `c_prefix` (`c`(10) DESC,`k`) COMMENT 'a comment, with a comma' IGNORED,
              KEY `odd``name` (`k`),
              FULLTEXT KEY `ft` (`c`)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""";

    @Test
    void shouldTakeAKeysLineExactlyAsTheServerPrintsIt() {
        assertEquals("KEY `k_1` (`k`)", DeferredIndexes.definition(CREATE, "k_1"));
        assertEquals("KEY `c_prefix` (`c`(10) DESC,`k`) COMMENT 'a comment, with a comma' IGNORED",
                DeferredIndexes.definition(CREATE, "c_prefix"));
        assertEquals("KEY `odd``name` (`k`)", DeferredIndexes.definition(CREATE, "odd`name"));
    }

    @Test
    void shouldFindNoPlainKeyLineForUniqueFullTextOrMissingIndexes() {
        assertNull(DeferredIndexes.definition(CREATE, "by_c"));
        assertNull(DeferredIndexes.definition(CREATE, "ft"));
        assertNull(DeferredIndexes.definition(CREATE, "PRIMARY"));
        assertNull(DeferredIndexes.definition(CREATE, "k"));
    }

    @Test
    void shouldMarkBothStatementsSoCaptureNeverSynchronizesThem() {
        assertEquals("ALTER TABLE /* duplex:deferred-index */ `db`.`t` DROP INDEX `k_1`, DROP INDEX `odd``name`",
                DeferredIndexes.drop("db", "t", List.of("k_1", "odd`name")));
        assertEquals("ALTER TABLE /* duplex:deferred-index */ `db`.`t` ADD KEY `k_1` (`k`), ADD KEY `c` (`c`(10)),"
                        + " ALGORITHM=INPLACE, LOCK=NONE",
                DeferredIndexes.add("db", "t", List.of("KEY `k_1` (`k`)", "KEY `c` (`c`(10))"), true));
        assertEquals("ALTER TABLE /* duplex:deferred-index */ `db`.`t` ADD KEY `k_1` (`k`)",
                DeferredIndexes.add("db", "t", List.of("KEY `k_1` (`k`)"), false));
        assertThrows(IllegalArgumentException.class, () -> DeferredIndexes.drop("db", "t", List.of()));
        assertThrows(IllegalArgumentException.class, () -> DeferredIndexes.add("db", "t", List.of(), true));
    }
}
