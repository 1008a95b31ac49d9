package dev.duplex.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import org.junit.jupiter.api.Test;

/** Server texts as MariaDB 10.11 and MySQL 8 word them (the ITs check them on a live server). */
class ErrorTextTest {

    private static void hides(String expected, int code, String message) {
        assertEquals(expected, ErrorText.redact(code, message));
        assertEquals(expected, ErrorText.redact(message), "without the code, by its shape");
    }

    @Test
    void shouldHideTheValueOfADuplicateKeyAndKeepTheKeyName() {
        hides("Duplicate entry '<redacted>' for key 'email'", 1062, "Duplicate entry 'alice@example.com' for key 'email'");
        hides("Duplicate entry '<redacted>' for key 'users.email'", 1062,
                "Duplicate entry 'alice@example.com' for key 'users.email'"); // MySQL 8 names table.key
        hides("Duplicate entry '<redacted>' for key 'PRIMARY'", 1062, "Duplicate entry '\\x00\\xFF' for key 'PRIMARY'");
        hides("Duplicate entry '<redacted>' for key 'ab'", 1062, "Duplicate entry 'sec-a-1' for key 'ab'");
    }

    @Test
    void shouldHideAValueThatLooksLikeTheRestOfTheMessage() {
        String sneaky = "x' for key 'k' secret-part";
        String shown = ErrorText.redact(1062, "Duplicate entry '" + sneaky + "' for key 'email'");
        assertEquals("Duplicate entry '<redacted>' for key 'email'", shown);
    }

    @Test
    void shouldHideIncorrectValuesAndKeepTheColumn() {
        hides("Incorrect integer value: '<redacted>' for column `t`.`u`.`n` at row 1", 1366,
                "Incorrect integer value: 'secretx' for column `t`.`u`.`n` at row 1");
        hides("Incorrect string value: '<redacted>' for column `t`.`lat`.`c` at row 1", 1366,
                "Incorrect string value: '\\xF0\\x9F\\x98\\x80' for column `t`.`lat`.`c` at row 1");
        hides("Incorrect datetime value: '<redacted>' for column `t`.`ts`.`t` at row 1", 1292,
                "Incorrect datetime value: '1960-01-01' for column `t`.`ts`.`t` at row 1");
        hides("Incorrect uuid value: '<redacted>' for column `t`.`uu`.`u` at row 1", 1292,
                "Incorrect uuid value: 'secret-uuid' for column `t`.`uu`.`u` at row 1");
        hides("Incorrect integer value: '<redacted>' for column 'n' at row 1", 1366,
                "Incorrect integer value: 'secretx' for column 'n' at row 1"); // MySQL 8
        hides("Truncated incorrect INTEGER value: '<redacted>'", 1292, "Truncated incorrect INTEGER value: 'secretcast'");
        hides("Truncated incorrect DOUBLE value: '<redacted>'", 1292, "Truncated incorrect DOUBLE value: 'abc'");
    }

    @Test
    void shouldHideOtherQuotedValues() {
        hides("BIGINT UNSIGNED value is out of range in '<redacted>'", 1690,
                "BIGINT UNSIGNED value is out of range in '`t`.`ub`.`x` - 5'");
        hides("Invalid utf8mb4 character string: '<redacted>'", 1300, "Invalid utf8mb4 character string: 'F09F98'");
        hides("Cannot convert string '<redacted>' from utf8mb4 to latin1", 3854,
                "Cannot convert string '\\xF0\\x9F' from utf8mb4 to latin1");
        hides("Foreign key constraint for table 'p', record '<redacted>' would lead to a duplicate entry in table 'c',"
                + " key 'k'", 1761, "Foreign key constraint for table 'p', record 'secret-7' would lead to a duplicate"
                + " entry in table 'c', key 'k'");
    }

    @Test
    void shouldLeaveMessagesThatNameOnlyColumnsKeysAndConstraints() {
        String[] plain = {
            "Data too long for column 's' at row 1",
            "Data truncated for column 'e' at row 1",
            "Out of range value for column 'n' at row 1",
            "Column 'a' cannot be null",
            "CONSTRAINT `chk_n` failed for `t`.`u`",
            "Check constraint 'chk_n' is violated.",
            "Cannot add or update a child row: a foreign key constraint fails (`t`.`ch`, CONSTRAINT `fk_p` FOREIGN KEY"
                    + " (`pid`) REFERENCES `p` (`id`))",
            "Cannot delete or update a parent row: a foreign key constraint fails (`t`.`ch`, CONSTRAINT `fk_p` FOREIGN"
                    + " KEY (`pid`) REFERENCES `p` (`id`))",
            "Table 'shop.missing' doesn't exist",
        };
        for (String m : plain) {
            assertEquals(m, ErrorText.redact(0, m));
        }
    }

    @Test
    void shouldHideEveryQuotedPartOfAValueErrorInAnotherLanguage() {
        // No English shape matches: from the first quote to the last goes, the key name with it.
        assertEquals("Doppelter Eintrag '<redacted>'",
                ErrorText.redact(1062, "Doppelter Eintrag 'alice@example.com' für Schlüssel 'email'"));
    }

    @Test
    void shouldWithholdASignalledMessageWhole() {
        String shown = ErrorText.redact(1644, "rejected: alice@example.com is blocked");
        assertFalse(shown.contains("alice"), shown);
    }

    @Test
    void shouldRedactAReasonThatQuotesACausesMessage() {
        SQLException dup = new SQLIntegrityConstraintViolationException(
                "Doppelter Eintrag 'alice@example.com' für Schlüssel 'email'", "23000", 1062);
        FatalException wrapped = new FatalException("applying seq 7 failed: " + dup.getMessage(), "bin.1:4", 0, dup);
        String shown = ErrorText.of(wrapped);
        assertFalse(shown.contains("alice"), shown);
        assertTrue(shown.startsWith("applying seq 7 failed: Doppelter Eintrag '"), shown);
        assertTrue(shown.endsWith("[at bin.1:4]"), shown);
    }

    @Test
    void shouldBeIdempotent() {
        String once = ErrorText.redact("seq 3: Duplicate entry 'a' for key 'k'; Incorrect integer value: 'b' for column "
                + "'n' at row 1");
        assertEquals(once, ErrorText.redact(once));
        assertFalse(once.contains("'a'") || once.contains("'b'"), once);
        assertTrue(once.contains("'n'"), once);
    }

    @Test
    void shouldLogAStandInWithTheSameTypesAndTracesButNoValues() {
        SQLException dup = new SQLIntegrityConstraintViolationException(
                "Duplicate entry 'alice@example.com' for key 'email'", "23000", 1062);
        RuntimeException outer = new IllegalStateException("apply: " + dup.getMessage(), dup);
        Throwable shown = ErrorText.redacted(outer);
        StringWriter trace = new StringWriter();
        shown.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains("alice"), trace.toString());
        assertTrue(trace.toString().contains("java.lang.IllegalStateException: apply: Duplicate entry '<redacted>' for"
                + " key 'email'"), trace.toString());
        assertTrue(trace.toString().contains("Caused by: java.sql.SQLIntegrityConstraintViolationException"),
                trace.toString());
        assertEquals(outer.getStackTrace()[0], shown.getStackTrace()[0]);
    }
}
