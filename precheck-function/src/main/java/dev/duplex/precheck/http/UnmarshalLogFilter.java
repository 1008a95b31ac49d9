package dev.duplex.precheck.http;

import io.quarkus.logging.LoggingFilter;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Drops Funqy's "Failed to unmarshal input" records: the parser's message quotes the offending
 * token of the body, which could be a password. {@link HttpErrors} logs the refusal instead,
 * with quoted text elided.
 */
@LoggingFilter(name = "drop-funqy-unmarshal")
public final class UnmarshalLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record.getMessage();
        return !("io.quarkus.funqy".equals(record.getLoggerName()) && message != null
                && message.startsWith("Failed to unmarshal input"));
    }
}
