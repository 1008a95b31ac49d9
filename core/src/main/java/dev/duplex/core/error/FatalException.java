package dev.duplex.core.error;

/** A failure that retrying cannot fix; the task stops (FAILED) with this message as its reason. */
public non-sealed class FatalException extends DuplexException {
    public FatalException(String message) {
        this(message, null, 0, null);
    }

    public FatalException(String message, Throwable cause) {
        this(message, null, 0, cause);
    }

    public FatalException(String message, String position, int mysqlErrorCode, Throwable cause) {
        super(message, position, mysqlErrorCode, cause);
    }
}
