package dev.duplex.core.config;

import java.util.Objects;

/**
 * The one place a stored task's document becomes a {@link TaskConfig} for the runtime: capture and
 * apply both hand it what the task table holds (version and document) and get the parsed config,
 * parsed again only when the version changes and the document differs. A state change (pause,
 * resume, failure) also raises the stored version; the document is then the same and the same
 * instance comes back, so a caller can tell "the configuration changed" by identity.
 */
public final class TaskConfigCache {
    private long version = -1;
    private String document;
    private TaskConfig config;

    /**
     * The configuration stored as {@code version}.
     *
     * @throws InvalidConfigException when the stored document is not a valid configuration (the
     *                                cache keeps the last valid one for the next call)
     */
    public synchronized TaskConfig at(long version, String document) {
        Objects.requireNonNull(document, "document");
        if (version != this.version) {
            if (!document.equals(this.document)) {
                config = TaskConfigLoader.parse(document);
                this.document = document;
            }
            this.version = version;
        }
        return config;
    }

    /** The version last handed in, -1 before the first. */
    public synchronized long version() {
        return version;
    }
}
