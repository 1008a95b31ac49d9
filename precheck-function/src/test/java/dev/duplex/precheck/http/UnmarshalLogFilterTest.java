package dev.duplex.precheck.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class UnmarshalLogFilterTest {

    private static LogRecord record(String logger, String message) {
        LogRecord r = new LogRecord(Level.SEVERE, message);
        r.setLoggerName(logger);
        return r;
    }

    @Test
    void shouldDropFunqysParserMessageThatQuotesTheBody() {
        assertFalse(new UnmarshalLogFilter().isLoggable(record("io.quarkus.funqy",
                "Failed to unmarshal input: Unrecognized token 'hunter2'")));
    }

    @Test
    void shouldKeepEveryOtherRecord() {
        assertTrue(new UnmarshalLogFilter().isLoggable(record("io.quarkus.funqy", "Failed to marshal")));
        assertTrue(new UnmarshalLogFilter().isLoggable(record("dev.duplex.precheck.Precheck",
                "Failed to unmarshal input")));
    }
}
