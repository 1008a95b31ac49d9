package dev.duplex.core.config;

import java.util.Locale;

/** Capitalization of database, table and column names created on the target. */
public enum Capitalization implements Coded {
    /** Names as on the source. */
    AS_SOURCE("as-source"),
    LOWERCASE("lowercase"),
    UPPERCASE("uppercase");

    private final String code;

    Capitalization(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    public String apply(String name) {
        return switch (this) {
            case AS_SOURCE -> name;
            case LOWERCASE -> name.toLowerCase(Locale.ROOT);
            case UPPERCASE -> name.toUpperCase(Locale.ROOT);
        };
    }
}
