package dev.duplex.core.config;

/** Phases a task runs: schema creation, initial full copy, then continuous binlog replication. */
public enum SyncType implements Coded {
    SCHEMA("schema"), FULL("full"), INCREMENTAL("incremental");

    private final String code;

    SyncType(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
