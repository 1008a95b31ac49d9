package dev.duplex.core.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads enumerated values (policies, modes, types) and lists of them. */
final class Choices {

    private Choices() {}

    static <E extends Enum<E> & Coded> E read(JsonNode v, String path, String what, Class<E> type,
                                              Problems problems, E fallback) {
        Optional<E> e = v.isTextual() ? Coded.parse(type, v.asText()) : Optional.empty();
        if (e.isPresent()) {
            return e.get();
        }
        List<String> codes = Arrays.stream(type.getEnumConstants()).map(Coded::code).toList();
        String shown = v.isTextual() ? "'" + v.asText() + "'" : v.toString();
        String fix = Suggestions.closest(v.asText(), codes).map(c -> "did you mean '" + c + "'? ").orElse("")
                + "use one of: " + Coded.codes(type);
        problems.add(path, "unknown " + what + " " + shown, fix);
        return fallback;
    }

    /** A non-empty list of distinct choices; null when absent or if any item is wrong. */
    static <E extends Enum<E> & Coded> Set<E> readSet(Section s, String key, Class<E> type) {
        List<JsonNode> items = s.list(key);
        if (items == null) {
            return null;
        }
        if (items.isEmpty()) {
            s.problems().add(s.path(key), key + " is empty", "list at least one of: " + Coded.codes(type));
            return null;
        }
        Set<E> out = EnumSet.noneOf(type);
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = Problems.item(s.path(key), i);
            E e = read(items.get(i), path, singular(key), type, s.problems(), null);
            if (e == null) {
                failed.add(path);
            } else if (!out.add(e)) {
                s.problems().add(path, e.code() + " is listed twice", "remove the repeated " + e.code());
            }
        }
        return failed.isEmpty() ? out : null;
    }

    private static String singular(String key) {
        return switch (key) {
            case "types" -> "type";
            case "operations" -> "operation";
            default -> key;
        };
    }
}
