package dev.duplex.core.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, problem-reporting reads of one mapping of the configuration tree. Every read that
 * fails records a problem at the key's path and returns a neutral value, so reading goes on
 * and every problem is found in one pass.
 */
final class Section {

    private final JsonNode node;
    private final String path;
    private final Problems problems;
    private final boolean valid;
    /** Known keys that a misspelt key was taken for; their absence is not reported again. */
    private final Set<String> suggested;

    private Section(JsonNode node, String path, Problems problems, boolean valid, Set<String> suggested) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        this.valid = valid;
        this.suggested = suggested;
    }

    /**
     * Opens {@code node} as a mapping with the {@code known} keys; reports every other key, with
     * a suggestion from {@code hints} (key to advice) or the closest known key.
     */
    static Section open(JsonNode node, String path, Problems problems, Map<String, String> hints, String... known) {
        if (node == null || !node.isObject()) {
            problems.add(path, "must be a mapping of keys to values", "write it as key: value lines");
            return new Section(null, path, problems, false, Set.of());
        }
        Set<String> knownKeys = new LinkedHashSet<>(List.of(known));
        Set<String> suggested = new HashSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (knownKeys.contains(key)) {
                continue;
            }
            Optional<String> close = Suggestions.closest(key, knownKeys);
            close.ifPresent(suggested::add);
            String fix = hints.containsKey(key) ? hints.get(key)
                    : close.map(k -> "did you mean '" + k + "'?")
                            .orElse("remove it; allowed keys here: " + String.join(", ", knownKeys));
            problems.add(Problems.child(path, key), "unknown key '" + key + "'", fix);
        }
        return new Section(node, path, problems, true, suggested);
    }

    boolean isValid() {
        return valid;
    }

    String path() {
        return path;
    }

    String path(String key) {
        return Problems.child(path, key);
    }

    Problems problems() {
        return problems;
    }

    /** The value at {@code key}; null when absent or written as null. */
    JsonNode get(String key) {
        JsonNode v = valid ? node.get(key) : null;
        return v == null || v.isNull() ? null : v;
    }

    boolean has(String key) {
        return get(key) != null;
    }

    /**
     * Whether a missing required key deserves its own problem: not if the section itself is
     * not a mapping, nor if a misspelt key was already reported as probably meaning it.
     */
    boolean reportMissing(String key) {
        return valid && !has(key) && !suggested.contains(key);
    }

    /** A required string; reports it missing (see {@link #reportMissing}). */
    String requiredString(String key, String fix) {
        if (!has(key)) {
            if (reportMissing(key)) {
                problems.add(path(key), key + " is missing", fix);
            }
            return null;
        }
        return optionalString(key);
    }

    String optionalString(String key) {
        JsonNode v = get(key);
        if (v == null) {
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            problems.add(path(key), key + " must be a text value", "write it as " + key + ": some-text");
            return null;
        }
        return v.asText();
    }

    int integer(String key, int defaultValue, int min, int max) {
        JsonNode v = get(key);
        if (v == null) {
            return defaultValue;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            problems.add(path(key), key + " must be a whole number", "write a number from " + min + " to " + max);
            return defaultValue;
        }
        int n = v.intValue();
        if (n < min || n > max) {
            problems.add(path(key), key + " is " + n + ", outside " + min + ".." + max,
                    "write a number from " + min + " to " + max);
            return defaultValue;
        }
        return n;
    }

    /** A boolean; null when absent, so callers can tell an explicit value from a default. */
    Boolean bool(String key) {
        JsonNode v = get(key);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            problems.add(path(key), key + " must be true or false", "write " + key + ": true or " + key + ": false");
            return null;
        }
        return v.booleanValue();
    }

    <E extends Enum<E> & Coded> E choice(String key, Class<E> type, E defaultValue) {
        JsonNode v = get(key);
        return v == null ? defaultValue : Choices.read(v, path(key), key, type, problems, defaultValue);
    }

    /** The items of a list; null when absent or not a list (reported). */
    List<JsonNode> list(String key) {
        JsonNode v = get(key);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            problems.add(path(key), key + " must be a list", "write it as [item, item] or as lines starting with '- '");
            return null;
        }
        List<JsonNode> items = new ArrayList<>();
        v.forEach(items::add);
        return items;
    }
}
