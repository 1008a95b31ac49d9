package dev.duplex.capture.source;

import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.ErrorText;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.RetriableException;
import java.sql.SQLException;

/** Wraps a JDBC failure into the typed hierarchy, with {@link ErrorClassifier} deciding which. */
final class SqlFailures {
    private SqlFailures() {}

    static DuplexException wrap(String message, SQLException e) {
        String msg = message + ": " + ErrorText.of(e); // no row values: it becomes the task's reason
        if (ErrorClassifier.isRetriable(e)) {
            return new RetriableException(msg, null, e.getErrorCode(), e);
        }
        if (e.getErrorCode() == 1227 || e.getErrorCode() == 1142 || e.getErrorCode() == 1045) {
            msg += " (fix: grant the capture user SELECT, REPLICATION CLIENT and REPLICATION SLAVE)";
        }
        return new FatalException(msg, null, e.getErrorCode(), e);
    }
}
