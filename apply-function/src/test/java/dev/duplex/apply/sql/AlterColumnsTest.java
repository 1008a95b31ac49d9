package dev.duplex.apply.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.apply.sql.AlterColumns.Added;
import dev.duplex.apply.sql.AlterColumns.Dropped;
import dev.duplex.apply.sql.AlterColumns.Effect;
import dev.duplex.apply.sql.AlterColumns.Renamed;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlterColumnsTest {

    private static AlterColumns parse(String sql) {
        return AlterColumns.parse(sql).orElseThrow(() -> new AssertionError("not read: " + sql));
    }

    private static List<Effect> effects(String sql) {
        return parse(sql).effects();
    }

    @Test
    void shouldReadDropsRenamesAndAddsInStatementOrder() {
        assertEquals(List.of(new Dropped("a"), new Renamed("b", "c"), new Renamed("d", "e"), new Added("f")),
                effects("ALTER TABLE t DROP COLUMN a, RENAME COLUMN b TO c, CHANGE d e INT NOT NULL DEFAULT 0,"
                        + " ADD f VARCHAR(10)"));
    }

    @Test
    void shouldReadTheTableNameQualifiedOrNotQuotedOrNot() {
        AlterColumns q = parse("alter table `my db`.`my``t` drop x");
        assertEquals("my db", q.database());
        assertEquals("my`t", q.table());
        AlterColumns plain = parse("ALTER ONLINE IGNORE TABLE IF EXISTS shop.items WAIT 5 DROP COLUMN IF EXISTS sku");
        assertEquals("shop", plain.database());
        assertEquals("items", plain.table());
        assertEquals(List.of(new Dropped("sku")), plain.effects());
        assertEquals("", parse("ALTER TABLE items NOWAIT DROP sku").database());
    }

    @Test
    void shouldPassOverClausesThatDoNotNameColumns() {
        assertEquals(List.of(), effects("ALTER TABLE t DROP INDEX a, DROP KEY b, DROP PRIMARY KEY, DROP FOREIGN KEY fk,"
                + " DROP CHECK c, DROP CONSTRAINT k, DROP PARTITION p0, ADD INDEX i (a, b), ADD UNIQUE KEY u (c),"
                + " ADD CONSTRAINT fk2 FOREIGN KEY (x) REFERENCES o (id), ADD PRIMARY KEY (id), RENAME INDEX i TO j,"
                + " MODIFY c VARCHAR(20), ALTER COLUMN d SET DEFAULT 1, ALTER e DROP DEFAULT, ENGINE=InnoDB,"
                + " DROP SYSTEM VERSIONING, CHANGE same SAME BIGINT"));
    }

    @Test
    void shouldKeepCommasAndParenthesesOfDefinitionsStringsAndCommentsOutOfTheClauses() {
        assertEquals(List.of(new Renamed("price", "amount"), new Added("note"), new Dropped("old")),
                effects("ALTER TABLE t /* a, comment */ CHANGE COLUMN price amount DECIMAL(12,4) NOT NULL"
                        + " COMMENT 'a, b (c' , -- DROP x,\n ADD COLUMN note ENUM('x,y','z''s') DEFAULT 'x,y' # , DROP y\n"
                        + " , DROP old;"));
    }

    @Test
    void shouldReadEveryColumnOfAnAddList() {
        assertEquals(List.of(new Added("a"), new Added("b"), new Added("c")),
                effects("ALTER TABLE t ADD COLUMN (a INT, b DECIMAL(10,2) DEFAULT 1.5, `c` CHAR(3))"));
        assertEquals(List.of(new Added("n")), effects("ALTER TABLE t ADD COLUMN IF NOT EXISTS n INT NOT NULL"));
    }

    @Test
    void shouldTreatExecutableCommentsAsCode() {
        assertEquals(List.of(new Dropped("a")), effects("/*!40101 ALTER TABLE t DROP a */"));
        assertEquals(List.of(new Renamed("x", "y")), effects("ALTER TABLE t /*M!100502 RENAME COLUMN x TO y */"));
    }

    @Test
    void shouldNotReadOtherStatements() {
        assertTrue(AlterColumns.parse("CREATE TABLE t (a INT)").isEmpty());
        assertTrue(AlterColumns.parse("ALTER VIEW v AS SELECT 1").isEmpty());
        assertTrue(AlterColumns.parse("RENAME TABLE a TO b").isEmpty());
        assertTrue(AlterColumns.parse("").isEmpty());
    }
}
