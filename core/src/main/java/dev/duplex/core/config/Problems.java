package dev.duplex.core.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem found while reading a configuration, so all are reported at once. */
final class Problems {

    private final List<ConfigProblem> list = new ArrayList<>();

    void add(String path, String message, String fix) {
        list.add(new ConfigProblem(path, message, fix));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    int size() {
        return list.size();
    }

    void throwIfAny() {
        if (!list.isEmpty()) {
            throw new InvalidConfigException(list);
        }
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String item(String path, int index) {
        return path + "[" + index + "]";
    }
}
