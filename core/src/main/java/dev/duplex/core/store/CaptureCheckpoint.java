package dev.duplex.core.store;

import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Seq;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a capture resumes: a transaction boundary in its source's binlog, the seq of the last
 * batch SQS accepted, and the identity of the server it was read from (server_uuid or
 * server_id), so a capture pointed at a different server refuses to guess.
 *
 * @param lastSeq   the last seq SQS accepted in the direction's default message group
 * @param chain     id of the message chain the capture continues from here ({@code Batch.Chain});
 *                  empty in checkpoints written before chains existed
 * @param groupSeqs the last seq SQS accepted in each other message group (partitioned groups,
 *                  docs/partitioning.md); empty with one group per direction
 * @param groupStarts where the first transaction the capture ever sent to each message group (the
 *                  default one included) begins: a restart of {@code duplex local}, whose queue
 *                  kept nothing, goes back there for a group its target applied nothing of
 *                  ({@code ApplyCheckpoints#earliestResumePoint}); empty in checkpoints written
 *                  before it was kept
 */
public record CaptureCheckpoint(String task, Direction direction, BinlogPosition position, Seq lastSeq,
                                String serverIdentity, Instant updatedAt, String chain, Map<String, Seq> groupSeqs,
                                Map<String, BinlogPosition> groupStarts) {

    public CaptureCheckpoint(String task, Direction direction, BinlogPosition position, Seq lastSeq,
                             String serverIdentity, Instant updatedAt) {
        this(task, direction, position, lastSeq, serverIdentity, updatedAt, "");
    }

    public CaptureCheckpoint(String task, Direction direction, BinlogPosition position, Seq lastSeq,
                             String serverIdentity, Instant updatedAt, String chain) {
        this(task, direction, position, lastSeq, serverIdentity, updatedAt, chain, Map.of());
    }

    public CaptureCheckpoint(String task, Direction direction, BinlogPosition position, Seq lastSeq,
                             String serverIdentity, Instant updatedAt, String chain, Map<String, Seq> groupSeqs) {
        this(task, direction, position, lastSeq, serverIdentity, updatedAt, chain, groupSeqs, Map.of());
    }

    public CaptureCheckpoint {
        chain = chain == null ? "" : chain;
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(lastSeq, "lastSeq");
        serverIdentity = serverIdentity == null ? "" : serverIdentity;
        Objects.requireNonNull(updatedAt, "updatedAt");
        groupSeqs = groupSeqs == null ? Map.of() : Map.copyOf(groupSeqs);
        groupStarts = groupStarts == null ? Map.of() : Map.copyOf(groupStarts);
    }

    /**
     * The checkpoint of a capture whose groups had accepted up to {@code seqs} ({@code defaultGroup}
     * among them, or not yet, then at {@code before}).
     */
    public static CaptureCheckpoint ofGroups(String task, Direction direction, BinlogPosition position,
                                             String defaultGroup, Seq before, Map<String, Seq> seqs,
                                             Map<String, BinlogPosition> starts, String serverIdentity,
                                             Instant updatedAt, String chain) {
        Map<String, Seq> others = new HashMap<>(seqs);
        Seq own = others.remove(defaultGroup);
        return new CaptureCheckpoint(task, direction, position, own == null ? before : own, serverIdentity, updatedAt,
                chain, others, starts);
    }

    /** This checkpoint at {@code floor} instead (held back behind a migration still to cut over). */
    public CaptureCheckpoint at(BinlogPosition floor) {
        return new CaptureCheckpoint(task, direction, floor, lastSeq, serverIdentity, updatedAt, chain, groupSeqs,
                groupStarts);
    }

    /**
     * {@code seqs} (a rewound capture's other groups: none), with every other group this checkpoint
     * knows added at {@link Seq#ZERO}. A rewound capture thus still sends heartbeats to a group
     * that stays idle, whose position on the target would otherwise hold every later rewind back.
     */
    public Map<String, Seq> keepingGroups(Map<String, Seq> seqs) {
        Map<String, Seq> all = new HashMap<>(seqs);
        groupSeqs.keySet().forEach(group -> all.putIfAbsent(group, Seq.ZERO));
        return all;
    }

    /** The last accepted seq of every group the checkpoint knows, the default group's included. */
    public Map<String, Seq> seqsByGroup(String defaultGroup) {
        Map<String, Seq> all = new HashMap<>(groupSeqs);
        all.put(defaultGroup, lastSeq);
        return all;
    }
}
