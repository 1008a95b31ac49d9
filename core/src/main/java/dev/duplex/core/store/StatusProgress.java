package dev.duplex.core.store;

import java.time.Instant;

/**
 * Progress of one direction accumulated since the last status write: counters are added to the
 * stored ones, the rest replaces them.
 *
 * @param latencyMillis -1 when no heartbeat was applied since the last write (keeps the stored value)
 */
public record StatusProgress(long latencyMillis, String lastAppliedSeq, String lastSourcePosition,
                             long rowsDelta, long batchesDelta, long conflictsDelta, Instant at) {}
