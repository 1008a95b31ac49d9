package dev.duplex.core.config;

/** How changes are split into queue message groups; {@code key} is not implemented. */
public enum Partitioning implements Coded {
    /** One group per direction: source commit order, atomic transactions. */
    TRANSACTION("transaction"),
    /** One group per table: order and atomicity within a table only (docs/partitioning.md). */
    TABLE("table"),
    /** Groups by primary-key hash (not yet supported). */
    KEY("key");

    private final String code;

    Partitioning(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    public boolean isSupported() {
        return this != KEY;
    }
}
