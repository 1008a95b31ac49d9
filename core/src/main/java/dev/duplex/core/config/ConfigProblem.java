package dev.duplex.core.config;

import java.util.Objects;

/**
 * One thing wrong with a task configuration.
 *
 * @param path    where, e.g. {@code objects[1].tables[0].where}; "" for the document itself
 * @param message what is wrong; never contains a password
 * @param fix     what to do about it
 */
public record ConfigProblem(String path, String message, String fix) {

    public ConfigProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        fix = fix == null ? "" : fix;
    }

    @Override
    public String toString() {
        String where = path.isEmpty() ? "(document)" : path;
        return where + ": " + message + (fix.isEmpty() ? "" : " (fix: " + fix + ")");
    }
}
