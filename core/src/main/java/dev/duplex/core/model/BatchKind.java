package dev.duplex.core.model;

public enum BatchKind {
    DML("dml"), DDL("ddl"), SNAPSHOT("snapshot"), HEARTBEAT("heartbeat");

    private final String code;

    BatchKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static BatchKind ofCode(String code) {
        for (BatchKind k : values()) {
            if (k.code.equals(code)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown batch kind '" + code + "' (expected dml, ddl, snapshot or heartbeat)");
    }
}
