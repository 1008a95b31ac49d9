package dev.duplex.core.config;

/**
 * How the apply side writes to the target.
 *
 * @param parallel connections one apply (an invocation, or the local poller) writes a group's
 *                 transactions on at once: transactions whose primary and unique keys do not overlap
 *                 go on different connections, overlapping ones keep source order on one; 1 applies
 *                 every transaction in source order on one connection
 */
public record ApplyOptions(int parallel) {
    public static final int DEFAULT_PARALLEL = 4;
    public static final int MAX_PARALLEL = 16;

    public ApplyOptions {
        if (parallel < 1 || parallel > MAX_PARALLEL) {
            throw new IllegalArgumentException("apply.parallel must be 1.." + MAX_PARALLEL + ", got " + parallel);
        }
    }

    public static ApplyOptions defaults() {
        return new ApplyOptions(DEFAULT_PARALLEL);
    }
}
