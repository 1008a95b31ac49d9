package dev.duplex.core.error;

/**
 * What an adapter knows about its own technology's exceptions, asked by {@link ErrorClassifier}
 * so that the one classifier decides retries without the domain importing an SDK. Found with
 * {@link java.util.ServiceLoader}: the adapter's jar names its implementation in
 * {@code META-INF/services/dev.duplex.core.error.ErrorRules}, so every process that can meet the
 * technology's exceptions (it has the adapter on its classpath) classifies them the same way.
 */
public interface ErrorRules {

    /** The verdict for {@code t} alone (not its causes), or null when {@code t} is not this technology's. */
    ErrorClassifier.Verdict classify(Throwable t);

    /** Whether {@code t} alone is a request its service refuses as malformed: it fails wherever it is in a chain. */
    default boolean refusedAsInvalid(Throwable t) {
        return false;
    }

    /** Whether {@code t} alone is this technology's report of a call cut short by an interrupt of the calling thread. */
    default boolean isInterruption(Throwable t) {
        return false;
    }
}
