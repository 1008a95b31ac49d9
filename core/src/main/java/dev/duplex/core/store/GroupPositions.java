package dev.duplex.core.store;

import dev.duplex.core.model.BinlogPosition;
import java.util.Map;

/**
 * What a direction's status says of its message groups together: applied up to the lowest of
 * their positions (everything before it is applied in every group), with the latency of the
 * group that measured the largest. One group's figures alone would let a stuck group hide behind
 * the busy ones.
 *
 * @param lowestPosition the lowest "file:pos" over the groups, "" when none reported one
 * @param behindGroup    the group at that position when there are several, "" with one
 * @param latencyMillis  the largest latency over the groups, -1 when none measured one
 * @param groups         how many groups reported a position
 * @param measuredAtMillis the oldest of the groups' latency measurements (epoch millis), 0 when none
 *                       is timed: a group whose heartbeats stopped being applied ages it, so a
 *                       stuck group's frozen latency cannot pass for a fresh one
 */
public record GroupPositions(String lowestPosition, String behindGroup, long latencyMillis, int groups,
                             long measuredAtMillis) {

    /** Over the groups' marks (a latency of -1: none measured); positions that cannot be read sort last. */
    public static GroupPositions of(Map<String, GroupMark> marks) {
        String lowest = "";
        BinlogPosition lowestParsed = null;
        String behind = "";
        long latency = -1;
        long measuredAt = 0;
        int groups = 0;
        for (Map.Entry<String, GroupMark> e : marks.entrySet()) {
            GroupMark mark = e.getValue();
            latency = Math.max(latency, mark.latencyMillis());
            if (mark.latencyMillis() >= 0 && mark.latencyAtMillis() > 0) {
                measuredAt = measuredAt == 0 ? mark.latencyAtMillis() : Math.min(measuredAt, mark.latencyAtMillis());
            }
            String position = mark.lastSourcePosition() == null ? "" : mark.lastSourcePosition();
            if (position.isEmpty()) {
                continue;
            }
            groups++;
            BinlogPosition parsed = parse(position);
            if (lowest.isEmpty() || parsed != null && (lowestParsed == null || parsed.compareTo(lowestParsed) < 0)) {
                lowest = position;
                lowestParsed = parsed;
                behind = e.getKey();
            }
        }
        return new GroupPositions(lowest, groups > 1 ? behind : "", latency, groups, measuredAt);
    }

    private static BinlogPosition parse(String position) {
        int colon = position.lastIndexOf(':');
        try {
            return colon < 0 ? null
                    : new BinlogPosition(position.substring(0, colon), Long.parseLong(position.substring(colon + 1)));
        } catch (IllegalArgumentException notAPosition) {
            return null;
        }
    }
}
