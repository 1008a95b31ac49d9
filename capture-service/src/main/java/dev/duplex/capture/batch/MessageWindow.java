package dev.duplex.capture.batch;

import dev.duplex.core.model.Batch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the batches waiting for the publisher into as few messages as the groups allow: each
 * message group's waiting batches are joined ({@link BatchMerger}), even where other groups'
 * batches lie between them. Under {@code partitioning: table} a transaction that writes several
 * tables leaves one part per group, so the waiting batches interleave; joining only neighbours
 * would send nearly each part alone.
 *
 * <p>The order that matters is kept: a group's messages follow each other as its batches did, and
 * different groups are different FIFO groups, ordered by nothing but their own seqs. What needs
 * care is the checkpoint. The serial publisher's checkpoint after a message counts every batch cut
 * before it as accepted, so a message carries the checkpoint of the last batch whose predecessors
 * in the window all travel in it or in the messages before it, and none when that batch's
 * checkpoint was already given or is a fragment's that is not the last (a mid-transaction
 * position). With one group this is the publisher's former joining of neighbours, message for
 * message.
 *
 * <p>Pure; each call stands alone.
 */
public final class MessageWindow {
    private final long maxBytes;

    /** @param maxBytes upper bound of one encoded message body, as the batcher's */
    public MessageWindow(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * @param window batches in the order they were cut
     * @return the messages to send one after the other, in that order
     */
    public List<Outgoing> messages(List<Outgoing> window) {
        if (window.size() == 1) {
            Outgoing lone = window.get(0);
            return lone.batch().fragment().last() ? window : List.of(Outgoing.withoutCheckpoint(lone.batch()));
        }
        List<Message> planned = plan(window);
        int[] messageOf = new int[window.size()];
        for (int m = 0; m < planned.size(); m++) {
            for (int index : planned.get(m).indices) {
                messageOf[index] = m;
            }
        }
        List<Outgoing> out = new ArrayList<>(planned.size());
        int covered = -1; // every batch up to here travels in the messages planned so far
        int given = -1;   // the last batch whose checkpoint a message carries
        for (int m = 0; m < planned.size(); m++) {
            while (covered + 1 < window.size() && messageOf[covered + 1] <= m) {
                covered++;
            }
            int anchor = covered;
            while (anchor > given && !window.get(anchor).batch().fragment().last()) {
                anchor--;
            }
            Batch batch = planned.get(m).merger.result();
            if (anchor > given) {
                out.add(window.get(anchor).joinedAs(batch));
                given = anchor;
            } else {
                out.add(Outgoing.withoutCheckpoint(batch));
            }
        }
        return out;
    }

    /** Each group's batches joined in order; a message ends where its group's next batch cannot join it. */
    private List<Message> plan(List<Outgoing> window) {
        List<Message> closed = new ArrayList<>();
        Map<String, Message> open = new LinkedHashMap<>();
        for (int i = 0; i < window.size(); i++) {
            Batch batch = window.get(i).batch();
            Message current = open.get(batch.group());
            if (current != null && current.merger.add(batch)) {
                current.indices.add(i);
                continue;
            }
            if (current != null) {
                closed.add(open.remove(batch.group()));
            }
            open.put(batch.group(), new Message(new BatchMerger(maxBytes), batch, i));
        }
        closed.addAll(open.values()); // in the order they began: the earliest batches first
        return closed;
    }

    private static final class Message {
        final BatchMerger merger;
        final List<Integer> indices = new ArrayList<>();

        Message(BatchMerger merger, Batch first, int index) {
            this.merger = merger;
            merger.begin(first);
            indices.add(index);
        }
    }
}
