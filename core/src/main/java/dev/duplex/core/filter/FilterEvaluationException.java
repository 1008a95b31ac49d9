package dev.duplex.core.filter;

/** A filter could not be evaluated on a row, e.g. it names a column the row does not have. */
public final class FilterEvaluationException extends RuntimeException {
    public FilterEvaluationException(String message) {
        super(message);
    }
}
