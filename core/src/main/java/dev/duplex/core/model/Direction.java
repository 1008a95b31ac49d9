package dev.duplex.core.model;

/** The two directions of a two-way task. Node "a" is the forward source. */
public enum Direction {
    A2B("a2b", "a", "b"), B2A("b2a", "b", "a");

    private final String code;
    private final String source;
    private final String target;

    Direction(String code, String source, String target) {
        this.code = code;
        this.source = source;
        this.target = target;
    }

    public String code() {
        return code;
    }

    public String sourceNode() {
        return source;
    }

    public String targetNode() {
        return target;
    }

    public boolean isForward() {
        return this == A2B;
    }

    public Direction reverse() {
        return this == A2B ? B2A : A2B;
    }

    public static Direction ofCode(String code) {
        for (Direction d : values()) {
            if (d.code.equals(code)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown direction '" + code + "' (expected a2b or b2a)");
    }

    public static Direction fromSource(String node) {
        return switch (node) {
            case "a" -> A2B;
            case "b" -> B2A;
            default -> throw new IllegalArgumentException("unknown node '" + node + "' (expected a or b)");
        };
    }
}
