package dev.duplex.core.error;

/** A binlog event or a queue message could not be decoded. Never skipped: skipping would lose data. */
public final class DecodeException extends DuplexException {
    public DecodeException(String message) {
        this(message, null, 0, null);
    }

    public DecodeException(String message, Throwable cause) {
        this(message, null, 0, cause);
    }

    public DecodeException(String message, String position, int mysqlErrorCode, Throwable cause) {
        super(message, position, mysqlErrorCode, cause);
    }
}
