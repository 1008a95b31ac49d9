package dev.duplex.capture.batch;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Seq;
import java.util.Map;

/**
 * A batch on its way to the queue, with what SQS's acceptance of it (and so of every batch cut
 * before it, the publisher being serial) lets the capture checkpoint.
 *
 * @param resumeFrom where a reader of the source resumes so that nothing is missed once this batch
 *                   is accepted: the batch's own resume position, or earlier while a transaction
 *                   that began before it still has a part in a later batch or one not cut yet;
 *                   null when its acceptance allows no checkpoint, because a batch cut before it
 *                   still waits to be sent ({@link MessageWindow})
 * @param groupSeqs  the last seq cut in each message group, this batch included
 * @param groupStarts where the first batch ever cut for each message group begins, this one's included
 */
public record Outgoing(Batch batch, BinlogPosition resumeFrom, Map<String, Seq> groupSeqs,
                       Map<String, BinlogPosition> groupStarts) {

    public Outgoing(Batch batch, BinlogPosition resumeFrom, Map<String, Seq> groupSeqs) {
        this(batch, resumeFrom, groupSeqs, Map.of());
    }

    /** A message whose acceptance moves no checkpoint: batches cut before its own are still to be sent. */
    public static Outgoing withoutCheckpoint(Batch batch) {
        return new Outgoing(batch, null, Map.of(), Map.of());
    }

    /** Whether SQS's acceptance of this message allows a checkpoint. */
    public boolean checkpoints() {
        return resumeFrom != null;
    }

    /** {@code joined} sent with the checkpoint of this batch, all of whose predecessors it or earlier messages carry. */
    public Outgoing joinedAs(Batch joined) {
        return new Outgoing(joined, resumeFrom, groupSeqs, groupStarts);
    }
}
