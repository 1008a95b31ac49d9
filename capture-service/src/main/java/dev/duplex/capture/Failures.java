package dev.duplex.capture;

import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.ErrorText;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.RetriableException;

/**
 * Brings any failure into the typed hierarchy, with {@link ErrorClassifier} deciding retry or fail.
 * The typed error's message, which becomes the task's reason and log lines, quotes the failure's
 * without row values ({@link ErrorText}); the failure itself stays its cause.
 */
final class Failures {
    private Failures() {}

    static DuplexException typed(Throwable t) {
        if (t instanceof DuplexException d) {
            return d;
        }
        String msg = ErrorText.of(t);
        return ErrorClassifier.isRetriable(t) ? new RetriableException(msg, t) : new FatalException(msg, t);
    }
}
