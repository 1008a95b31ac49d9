package dev.duplex.core.config;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** MySQL's rules for database, table and column names, and the schemas a task may not touch. */
public final class IdentifierRules {

    public static final int MAX_LENGTH = 64;

    /** Duplex's own bookkeeping schema; never synchronized. */
    public static final String DUPLEX_SCHEMA = "duplex";

    private static final Set<String> RESERVED_SCHEMAS =
            Set.of(DUPLEX_SCHEMA, "mysql", "information_schema", "performance_schema", "sys");

    private IdentifierRules() {}

    /** Why {@code name} is not a valid MySQL identifier, or empty if it is. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        if (name.endsWith(" ")) {
            return Optional.of("ends with a space, which MySQL does not allow");
        }
        if (name.indexOf('\0') >= 0) {
            return Optional.of("contains the NUL character");
        }
        if (name.codePoints().anyMatch(Character::isSupplementaryCodePoint)) {
            return Optional.of("contains characters outside the Basic Multilingual Plane (e.g. emoji)");
        }
        return Optional.empty();
    }

    public static boolean isValid(String name) {
        return problem(name).isEmpty();
    }

    /** Whether {@code schema} is a system schema or Duplex's own; compared without case. */
    public static boolean isReservedSchema(String schema) {
        return schema != null && RESERVED_SCHEMAS.contains(schema.toLowerCase(Locale.ROOT));
    }

    public static Set<String> reservedSchemas() {
        return RESERVED_SCHEMAS;
    }
}
