package dev.duplex.core.error;

/**
 * Root of Duplex's errors. Carries, where known, the binlog position and the MySQL error code,
 * so that every log line and stored task reason can name where and why.
 */
public abstract sealed class DuplexException extends RuntimeException
        permits RetriableException, FatalException, IncompatibleSourceException, DecodeException {

    private final String position;
    private final int mysqlErrorCode;

    protected DuplexException(String message, String position, int mysqlErrorCode, Throwable cause) {
        super(message, cause);
        this.position = position == null ? "" : position;
        this.mysqlErrorCode = mysqlErrorCode;
    }

    /** Binlog position (or other locator) the error relates to; "" when none. */
    public String position() {
        return position;
    }

    /** MySQL error code, 0 when the error did not come from the server. */
    public int mysqlErrorCode() {
        return mysqlErrorCode;
    }

    @Override
    public String getMessage() {
        String base = super.getMessage();
        StringBuilder sb = new StringBuilder(base == null ? "" : base);
        if (!position.isEmpty()) {
            sb.append(" [at ").append(position).append(']');
        }
        if (mysqlErrorCode != 0) {
            sb.append(" [MySQL error ").append(mysqlErrorCode).append(']');
        }
        return sb.toString();
    }
}
