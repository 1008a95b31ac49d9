package dev.duplex.core.store;

/**
 * Where one message group of a direction stands: the last batch it applied.
 *
 * @param lastAppliedSeq     the seq of that batch
 * @param lastSourcePosition its end in the source's binlog ("file:pos")
 * @param latencyMillis      apply time minus the source commit time of the group's last heartbeat
 *                           since the last status write, -1 if none (the stored value stays)
 * @param latencyAtMillis    when that latency was measured (epoch millis), 0 if not known: what a
 *                           store read gives; a write is timed by its {@link StatusProgress#at()}
 */
public record GroupMark(String lastAppliedSeq, String lastSourcePosition, long latencyMillis, long latencyAtMillis) {

    /** A mark as the apply side writes it, timed by the progress it goes with. */
    public GroupMark(String lastAppliedSeq, String lastSourcePosition, long latencyMillis) {
        this(lastAppliedSeq, lastSourcePosition, latencyMillis, 0);
    }
}
