package dev.duplex.core.error;

/** A failure that may pass: retry with backoff within the task's retry window. */
public final class RetriableException extends DuplexException {
    public RetriableException(String message) {
        this(message, null, 0, null);
    }

    public RetriableException(String message, Throwable cause) {
        this(message, null, 0, cause);
    }

    public RetriableException(String message, String position, int mysqlErrorCode, Throwable cause) {
        super(message, position, mysqlErrorCode, cause);
    }
}
