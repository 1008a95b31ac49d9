package dev.duplex.capture;

/**
 * A snapshot of one capture, as the health endpoint reports it.
 *
 * @param position        the last checkpointed binlog position ("" before the first)
 * @param lagSeconds      now minus the commit time of the last published transaction; -1 before the first
 * @param batchesSent     batches SQS accepted since start
 * @param loopDropped     transactions dropped because Duplex applied them (loop prevention)
 * @param oneSidedRemovals statements since start that removed rows on this node only (never forwarded)
 * @param reason          why the capture failed or is reconnecting, "" otherwise
 */
public record CaptureStatus(State state, String task, String direction, String position, double lagSeconds,
                            long batchesSent, long transactionsSent, long loopDropped, long oneSidedRemovals,
                            String reason) {

    public enum State {
        /** Created, not yet started. */
        NEW,
        /** Waiting for the capture lease held by another process. */
        STANDBY,
        /** Holding the lease, connecting to the source. */
        STARTING,
        /** Copying node a's rows (full sync) before streaming the binlog from the snapshot's start. */
        SNAPSHOT,
        /** Reading the binlog and publishing. */
        STREAMING,
        /** Lost the source, SQS or DynamoDB; retrying within the retry window. */
        RECONNECTING,
        /** Stopped on request. */
        STOPPED,
        /** Stopped for good; the task is FAILED with {@code reason}. */
        FAILED;

        /** Whether the process is doing what it should (for the health endpoint's status code). */
        public boolean healthy() {
            return this != FAILED;
        }
    }
}
