package dev.duplex.capture;

import com.github.shyiko.mysql.binlog.network.ServerException;
import dev.duplex.core.config.RefusedPasswords;
import dev.duplex.core.config.SecretRef;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.SecretValue;
import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.RetriableException;

/**
 * The binlog connection's password: resolved again for every session, so a rotated secret
 * reaches it too, and judged again when the source refuses it (1045).
 */
final class SourcePassword {
    private final SecretRef ref;
    private final SecretResolver secrets;
    /** The password the current session was opened with, to tell whether its secret changed since. */
    private SecretValue streamingWith;

    SourcePassword(CaptureSettings settings, SecretResolver secrets) {
        this.ref = settings.config().node(settings.node()).password();
        this.secrets = secrets;
    }

    /** The password for the session about to open. */
    String forNextSession() {
        streamingWith = secrets.resolve(ref);
        return streamingWith.reveal();
    }

    /**
     * A session's failure as the retry logic should see it. The binlog connection's password
     * refused (1045): read its secret again past the cache, as
     * {@link dev.duplex.core.sql.NodeConnections} does for JDBC. A changed secret is retried with
     * the next session; an unchanged one is retriable only for a rotating store (see
     * {@link RefusedPasswords}). JDBC refusals arrive decided already; anything else is as it came.
     */
    DuplexException judge(DuplexException failure) {
        if (failure.mysqlErrorCode() != RefusedPasswords.ACCESS_DENIED || !(failure.getCause() instanceof ServerException)
                || streamingWith == null) {
            return failure;
        }
        boolean changed;
        try {
            changed = RefusedPasswords.reread(secrets, ref, streamingWith).isPresent();
        } catch (RuntimeException storeFailed) {
            return Failures.typed(storeFailed);
        }
        if (changed) {
            return new RetriableException(failure.getMessage() + "; the secret " + ref.reference()
                    + " holds a new password since: reconnecting with it", failure.position(),
                    RefusedPasswords.ACCESS_DENIED, failure);
        }
        return RefusedPasswords.failure(ref, failure.getMessage(), failure.position(), failure);
    }
}
