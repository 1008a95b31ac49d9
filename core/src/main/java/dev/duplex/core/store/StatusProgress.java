package dev.duplex.core.store;

import java.time.Instant;

/**
 * Progress of one direction accumulated since the last status write: counters are added to the
 * stored ones, the rest replaces them.
 *
 * @param latencyMillis        -1 when no heartbeat was applied since the last write (keeps the stored value)
 * @param catchUpReplaysDelta  rows a full sync's catch-up replayed over rows already there: the
 *                             hand-over's overlap, not conflicts, so counted apart from them
 */
public record StatusProgress(long latencyMillis, String lastAppliedSeq, String lastSourcePosition,
                             long rowsDelta, long batchesDelta, long conflictsDelta, long catchUpReplaysDelta,
                             Instant at) {

    /** Progress without catch-up replays. */
    public StatusProgress(long latencyMillis, String lastAppliedSeq, String lastSourcePosition, long rowsDelta,
                          long batchesDelta, long conflictsDelta, Instant at) {
        this(latencyMillis, lastAppliedSeq, lastSourcePosition, rowsDelta, batchesDelta, conflictsDelta, 0, at);
    }
}
