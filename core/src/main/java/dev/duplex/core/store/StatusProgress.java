package dev.duplex.core.store;

import java.time.Instant;
import java.util.Map;

/**
 * Progress of one direction accumulated since the last status write: counters are added to the
 * stored ones, the rest replaces them.
 *
 * <p>The seq, position and latency are the direction's default message group's (null, null and -1
 * when it applied nothing since the last write); under {@code partitioning: table} the other
 * groups' are in {@code otherGroups}.
 *
 * @param latencyMillis        -1 when no heartbeat was applied since the last write (keeps the stored value)
 * @param catchUpReplaysDelta  rows a full sync's catch-up replayed over rows already there: the
 *                             hand-over's overlap, not conflicts, so counted apart from them
 */
public record StatusProgress(long latencyMillis, String lastAppliedSeq, String lastSourcePosition,
                             long rowsDelta, long batchesDelta, long conflictsDelta, long catchUpReplaysDelta,
                             Instant at, Map<String, GroupMark> otherGroups) {

    public StatusProgress {
        otherGroups = Map.copyOf(otherGroups);
    }

    /** Progress of a direction with one message group. */
    public StatusProgress(long latencyMillis, String lastAppliedSeq, String lastSourcePosition, long rowsDelta,
                          long batchesDelta, long conflictsDelta, long catchUpReplaysDelta, Instant at) {
        this(latencyMillis, lastAppliedSeq, lastSourcePosition, rowsDelta, batchesDelta, conflictsDelta,
                catchUpReplaysDelta, at, Map.of());
    }

    /** Progress without catch-up replays. */
    public StatusProgress(long latencyMillis, String lastAppliedSeq, String lastSourcePosition, long rowsDelta,
                          long batchesDelta, long conflictsDelta, Instant at) {
        this(latencyMillis, lastAppliedSeq, lastSourcePosition, rowsDelta, batchesDelta, conflictsDelta, 0, at);
    }

    /** The largest latency any group measured since the last write (the one the latency alarm must see), or -1. */
    public long maxLatencyMillis() {
        long max = latencyMillis;
        for (GroupMark mark : otherGroups.values()) {
            max = Math.max(max, mark.latencyMillis());
        }
        return max;
    }
}
