package dev.duplex.bench;

/** The bench cannot go on: a tool is missing or failed, or a server did not do what it should. */
public final class BenchException extends RuntimeException {
    public BenchException(String message) {
        super(message);
    }

    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
