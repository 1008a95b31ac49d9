package dev.duplex.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.DdlChange;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** What of a refused DDL statement and its error may be shown. */
class DdlFailureTest {

    @Test
    void shouldShowAStatementOnOneLineAndShortened() {
        String body = "CREATE VIEW v AS\n  SELECT id\n  FROM t\n  WHERE email = 'alice@example.com'";
        assertEquals("CREATE VIEW v AS SELECT id FROM t WHERE email = '<redacted>'", DdlFailure.shownStatement(body));
        String shown = DdlFailure.shownStatement("CREATE TABLE t (" + "c INT, ".repeat(100) + "d INT)");
        assertEquals(DdlFailure.MAX_STATEMENT + 1, shown.length());
        assertTrue(shown.endsWith("…"), shown);
    }

    @Test
    void shouldHideTheLiteralsASyntaxErrorQuotesFromTheStatement() {
        String mariadb = "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server "
                + "version for the right syntax to use near 'NO_SUCH_TYPE DEFAULT 'sekrit'' at line 1";
        String shown = DdlFailure.shownError(1064, mariadb);
        assertTrue(shown.endsWith("near 'NO_SUCH_TYPE DEFAULT '<redacted>'' at line 1"), shown);
        String otherLanguage = "Erreur de syntaxe près de 'NO_SUCH_TYPE DEFAULT 'sekrit'' à la ligne 1";
        assertFalse(DdlFailure.shownError(1064, otherLanguage).contains("sekrit"));
    }

    @Test
    void shouldHideTheRowValueAnAlterMetAndKeepTheKeyName() {
        DdlFailure f = DdlFailure.of(new DdlChange("shop", "ALTER TABLE people ADD UNIQUE KEY uq_nick (nick)"),
                new SQLException("Duplicate entry 'sekrit-nick' for key 'uq_nick'", "23000", 1062));
        assertEquals("[MySQL error 1062] Duplicate entry '<redacted>' for key 'uq_nick'", f.error());
        assertEquals("DDL failed on the target in shop: [MySQL error 1062] Duplicate entry '<redacted>' for key "
                + "'uq_nick' -- statement: ALTER TABLE people ADD UNIQUE KEY uq_nick (nick)", f.describe());
    }
}
