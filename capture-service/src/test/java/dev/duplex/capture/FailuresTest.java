package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.FatalException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import org.junit.jupiter.api.Test;

/** Issue #16: the typed error's message becomes the task's FAILED reason; the row value stays in its cause. */
class FailuresTest {

    @Test
    void shouldKeepTheRowValueOfAServerErrorOutOfTheTypedMessage() {
        SQLException dup = new SQLIntegrityConstraintViolationException(
                "Duplicate entry 'sekrit@example.com' for key 'uq_email'", "23000", 1062);
        DuplexException typed = Failures.typed(dup);
        assertInstanceOf(FatalException.class, typed);
        assertFalse(typed.getMessage().contains("sekrit"), typed.getMessage());
        assertTrue(typed.getMessage().contains("uq_email"), typed.getMessage());
        assertSame(dup, typed.getCause(), "the whole error stays for DEBUG logging");
    }
}
