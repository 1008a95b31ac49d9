package dev.duplex.core.config;

/**
 * How the rows of a full sync travel from node a to node b. {@link #DIRECT}: the forward capture
 * writes them to node b itself, on several connections, with each chunk and its progress record in
 * one transaction (not bounded by one FIFO message group). {@link #QUEUE}: as snapshot batches on
 * the task's queue, applied by the apply side, for networks where the capture cannot reach node b.
 */
public enum FullSyncRoute implements Coded {
    DIRECT("direct"), QUEUE("queue");

    private final String code;

    FullSyncRoute(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
