package dev.duplex.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** An enum constant with the spelling users write in the configuration. */
public interface Coded {

    String code();

    /**
     * Finds the constant for {@code text}, ignoring case, '-' and '_' so that the reference's
     * spelling ("TaskFailed") and ours ("task-failed") both work.
     */
    static <E extends Enum<E> & Coded> Optional<E> parse(Class<E> type, String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = normalize(text);
        return Arrays.stream(type.getEnumConstants()).filter(e -> normalize(e.code()).equals(wanted)).findFirst();
    }

    /** The codes of every constant, for "use one of" messages. */
    static <E extends Enum<E> & Coded> String codes(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Coded::code).collect(Collectors.joining(", "));
    }

    private static String normalize(String s) {
        return s.strip().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
