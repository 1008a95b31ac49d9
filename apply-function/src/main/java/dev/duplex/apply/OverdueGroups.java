package dev.duplex.apply;

import dev.duplex.core.model.Direction;
import dev.duplex.core.model.HeartbeatTurns;
import dev.duplex.core.store.DirectionStatus;
import dev.duplex.core.store.StatusStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latency the alarm must see under several message groups. An apply instance measures the
 * groups it applies; a group that stops applying while the others apply measures nothing, and the
 * largest latency of the others would hide it from the latency alarm. So every {@link #CHECK_EVERY}
 * the direction's status (which every instance writes) is read, and when its oldest group
 * measurement is older than a group's heartbeats come ({@link HeartbeatTurns#period}) plus
 * {@link #SLACK}, the emitted latency grows by the excess: a stuck group raises the figure by a
 * second each second, as a replica's seconds-behind would. An upper bound: the excess is added to
 * the largest latency of any group, not the stuck group's own last one.
 */
final class OverdueGroups {
    private static final Logger LOG = LoggerFactory.getLogger(OverdueGroups.class);
    /** The alarm takes the maximum of a minute: a few checks a minute are enough, and cheap. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(10);
    /** For the status writes of other instances (once a second each) and the invocations between. */
    static final Duration SLACK = Duration.ofSeconds(10);

    private final StatusStore store;
    private final String task;
    private final Direction direction;
    private final IntSupplier heartbeatSeconds;
    private Instant lastCheck = Instant.EPOCH;

    /** @param heartbeatSeconds the task's heartbeat interval as its configuration says now */
    OverdueGroups(StatusStore store, String task, Direction direction, IntSupplier heartbeatSeconds) {
        this.store = store;
        this.task = task;
        this.direction = direction;
        this.heartbeatSeconds = heartbeatSeconds;
    }

    /**
     * The latency to emit at {@code now}: {@code measuredMillis} (-1: none measured), raised when a
     * check is due and finds a group overdue. A failed read leaves the figure as measured: the
     * next check reads again, and the status write it follows has succeeded.
     */
    long latency(long measuredMillis, Instant now) {
        if (Duration.between(lastCheck, now).compareTo(CHECK_EVERY) < 0) {
            return measuredMillis;
        }
        lastCheck = now;
        try {
            Optional<DirectionStatus> status = store.get(task, direction);
            return status.map(s -> Math.max(measuredMillis, counting(s, now, heartbeatSeconds.getAsInt())))
                    .orElse(measuredMillis);
        } catch (RuntimeException e) {
            LOG.warn("task {} direction {}: cannot read the status to look for overdue message groups, the next "
                    + "check in {} s reads again: {}", task, direction.code(), CHECK_EVERY.toSeconds(), e.toString());
            return measuredMillis;
        }
    }

    /** The status's latency raised by how long past its heartbeat turn and the slack its oldest measurement is. */
    static long counting(DirectionStatus s, Instant now, int heartbeatSeconds) {
        if (s.latencyMillis() < 0 || s.latencyMeasuredAt().equals(Instant.EPOCH)) {
            return -1;
        }
        Duration allowed = HeartbeatTurns.period(s.groups(), heartbeatSeconds).plus(SLACK);
        long overdue = Duration.between(s.latencyMeasuredAt(), now).minus(allowed).toMillis();
        return s.latencyMillis() + Math.max(0, overdue);
    }
}
