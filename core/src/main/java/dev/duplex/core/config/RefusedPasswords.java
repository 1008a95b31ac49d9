package dev.duplex.core.config;

import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.RetriableException;
import java.util.Optional;

/**
 * What to do when a server refuses a password (MySQL error 1045) that came from a reference:
 * read the reference again past any cache (a rotated secret may hold a new one) and connect with
 * that; if the store's current password is refused too, a rotating store (Secrets Manager) is
 * likely between setting the server's password and making the new secret current, which retrying
 * within the task's retry window gets past; for env and file references the password is wrong.
 */
public final class RefusedPasswords {
    /** ER_ACCESS_DENIED_ERROR. */
    public static final int ACCESS_DENIED = 1045;

    private RefusedPasswords() {}

    /** Forgets the cached secret and reads it again: the new password, if it differs from {@code refused}. */
    public static Optional<SecretValue> reread(SecretResolver secrets, SecretRef ref, SecretValue refused) {
        secrets.invalidate(ref);
        SecretValue fresh = secrets.resolve(ref);
        return fresh.equals(refused) ? Optional.empty() : Optional.of(fresh);
    }

    /** The failure to report once the reference's current password was refused. */
    public static DuplexException failure(SecretRef ref, String message, String position, Throwable cause) {
        if (ref.rotates()) {
            return new RetriableException(message + " (the secret " + ref.reference() + " may be in rotation, the"
                    + " server having the new password before the secret: retrying within the task's retry window;"
                    + " if it persists, check the user and the secret)", position, ACCESS_DENIED, cause);
        }
        return new FatalException(message + " (fix: check the user and the password reference " + ref.reference()
                + ")", position, ACCESS_DENIED, cause);
    }
}
