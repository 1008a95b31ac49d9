package dev.duplex.core.model;

/** Row operation; the wire code is one letter to keep batches small. */
public enum Op {
    INSERT("i"), UPDATE("u"), DELETE("d");

    private final String code;

    Op(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Op ofCode(String code) {
        for (Op op : values()) {
            if (op.code.equals(code)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown row operation '" + code + "' (expected i, u or d)");
    }
}
