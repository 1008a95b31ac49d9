package dev.duplex.core.error;

/** The source server is set up in a way Duplex cannot capture from (binlog format, row image, compression...). The message names the setting and the fix. */
public final class IncompatibleSourceException extends DuplexException {
    public IncompatibleSourceException(String message) {
        this(message, null, 0, null);
    }

    public IncompatibleSourceException(String message, Throwable cause) {
        this(message, null, 0, cause);
    }

    public IncompatibleSourceException(String message, String position, int mysqlErrorCode, Throwable cause) {
        super(message, position, mysqlErrorCode, cause);
    }
}
