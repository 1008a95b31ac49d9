package dev.duplex.core.config;

/** Online schema change tool used on the source, whose shadow tables need special handling. */
public enum OnlineDdlTool implements Coded {
    /** No tool: every table, shadow tables included, is synchronized like any other. */
    NONE("none"),
    /** gh-ost: its shadow tables are not synchronized, only the final table swap. */
    GH_OST("gh-ost");

    private final String code;

    OnlineDdlTool(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
