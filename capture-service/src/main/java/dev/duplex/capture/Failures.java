package dev.duplex.capture;

import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.RetriableException;

/** Brings any failure into the typed hierarchy, with {@link ErrorClassifier} deciding retry or fail. */
final class Failures {
    private Failures() {}

    static DuplexException typed(Throwable t) {
        if (t instanceof DuplexException d) {
            return d;
        }
        String msg = t.getMessage() == null ? t.toString() : t.getMessage();
        return ErrorClassifier.isRetriable(t) ? new RetriableException(msg, t) : new FatalException(msg, t);
    }
}
