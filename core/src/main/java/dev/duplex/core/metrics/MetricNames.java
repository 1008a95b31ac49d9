package dev.duplex.core.metrics;

import java.util.List;

/**
 * The CloudWatch metric names Duplex emits (namespace {@link EmfMetrics#NAMESPACE}, dimensions
 * Task and Direction). The alarms and the dashboard in infra/ (SAM and Terraform) use exactly
 * these names; infra/test checks that they do.
 */
public final class MetricNames {
    /** Apply: end-to-end latency in ms, from the source's last heartbeat to its apply. */
    public static final String LATENCY = "Latency";
    /** Apply: rows written to the target. */
    public static final String ROWS_APPLIED = "RowsApplied";
    /** Apply: messages (batches) applied. */
    public static final String BATCHES_APPLIED = "BatchesApplied";
    /** Apply: conflicts met (each is also in the conflict log). */
    public static final String CONFLICTS = "Conflicts";
    /** Apply: messages that failed and went back to the queue. */
    public static final String APPLY_ERRORS = "ApplyErrors";
    /** Apply: DDL statements the target refused (the task went on without them); forward (a2b) only. */
    public static final String DDL_FAILURES = "DdlFailures";
    /** Capture: batches SQS accepted. */
    public static final String BATCHES_SENT = "BatchesSent";
    /** Capture: whole source transactions sent. */
    public static final String TRANSACTIONS_SENT = "TransactionsSent";
    /** Capture: seconds between now and the commit time of the last transaction sent. */
    public static final String CAPTURE_LAG = "CaptureLag";
    /** Capture: 1 per report while the capture is healthy; silence means it is not running. */
    public static final String CAPTURE_RUNNING = "CaptureRunning";
    /**
     * Capture: statements that removed rows of a selected table on this node only and are not
     * forwarded (TRUNCATE, a partition dropped or truncated, rows moved out by EXCHANGE PARTITION,
     * on node b or on node a with sync.ddl false): the nodes differ until verify --repair or the
     * same statement on the other node.
     */
    public static final String ONE_SIDED_REMOVALS = "OneSidedRemovals";

    public static final List<String> ALL = List.of(LATENCY, ROWS_APPLIED, BATCHES_APPLIED, CONFLICTS, APPLY_ERRORS,
            DDL_FAILURES, BATCHES_SENT, TRANSACTIONS_SENT, CAPTURE_LAG, CAPTURE_RUNNING, ONE_SIDED_REMOVALS);

    private MetricNames() {}
}
