package dev.duplex.core.model;

import java.time.Duration;

/**
 * How a direction's heartbeats reach its message groups: each heartbeat goes to every group, or,
 * past {@link #GROUPS} groups, to the next {@link #GROUPS} of them in turn, so that hundreds of
 * tables' heartbeats do not take the capture's serial publisher every second. The capture sends
 * by this rule; the apply side uses it to tell a group whose heartbeats are only spaced out by the
 * turns from one whose heartbeats stopped being applied.
 */
public final class HeartbeatTurns {
    /** Groups one heartbeat goes to at the most: five SendMessageBatch calls. */
    public static final int GROUPS = 50;

    private HeartbeatTurns() {}

    /** How often each of {@code groups} groups gets a heartbeat when one is written every {@code heartbeatSeconds}. */
    public static Duration period(int groups, int heartbeatSeconds) {
        int turns = Math.max(1, (groups + GROUPS - 1) / GROUPS);
        return Duration.ofSeconds((long) turns * heartbeatSeconds);
    }
}
