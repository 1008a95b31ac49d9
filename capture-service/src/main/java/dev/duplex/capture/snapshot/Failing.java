package dev.duplex.capture.snapshot;

import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.ErrorText;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.RetriableException;
import java.sql.SQLException;

/** Brings a failure of the copy into the typed hierarchy; {@link ErrorClassifier} decides retry or fail. */
final class Failing {
    private Failing() {}

    static DuplexException typed(String what, Throwable t) {
        if (t instanceof DuplexException d) {
            return d;
        }
        int code = t instanceof SQLException e ? e.getErrorCode() : 0;
        String msg = what + ": " + ErrorText.of(t); // no row values: it becomes the task's reason
        return ErrorClassifier.isRetriable(t) ? new RetriableException(msg, null, code, t)
                : new FatalException(msg, null, code, t);
    }
}
