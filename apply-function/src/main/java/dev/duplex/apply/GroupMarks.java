package dev.duplex.apply;

import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.store.GroupMark;
import dev.duplex.core.store.StatusProgress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each message group's last applied batch since the last status write, kept apart so that under
 * {@code partitioning: table} the status can show the group furthest behind. Not thread-safe: the
 * {@link StatusRecorder}'s lock guards it.
 */
final class GroupMarks {
    private final String defaultGroup;
    private final Map<String, GroupMark> marks = new LinkedHashMap<>();

    GroupMarks(Direction direction) {
        this.defaultGroup = QueueNames.defaultGroup(direction);
    }

    /** A batch of {@code group} (null: the default group) applied; a latency of -1 keeps the one measured before. */
    void applied(String group, String seq, String position, long latencyMillis) {
        String key = group == null ? defaultGroup : group;
        GroupMark before = marks.get(key);
        long latency = latencyMillis >= 0 || before == null ? latencyMillis : before.latencyMillis();
        marks.put(key, new GroupMark(seq, position, latency));
    }

    /** Nothing applied since the last write: nothing to write. */
    boolean isEmpty() {
        return marks.isEmpty();
    }

    /** The progress to write with these counters; the marks are taken out of this object. */
    StatusProgress take(long rows, long batches, long conflicts, long catchUpReplays, Instant at) {
        Map<String, GroupMark> others = new LinkedHashMap<>(marks);
        GroupMark main = others.remove(defaultGroup);
        marks.clear();
        return new StatusProgress(main == null ? -1 : main.latencyMillis(), main == null ? null : main.lastAppliedSeq(),
                main == null ? null : main.lastSourcePosition(), rows, batches, conflicts, catchUpReplays, at, others);
    }

    /** A failed write's marks come back; a group applied since keeps its newer position. */
    void putBack(StatusProgress failed) {
        if (failed.lastAppliedSeq() != null) {
            putBack(defaultGroup,
                    new GroupMark(failed.lastAppliedSeq(), failed.lastSourcePosition(), failed.latencyMillis()));
        }
        failed.otherGroups().forEach(this::putBack);
    }

    private void putBack(String group, GroupMark failed) {
        GroupMark since = marks.get(group);
        if (since == null) {
            marks.put(group, failed);
        } else if (since.latencyMillis() < 0) {
            marks.put(group, new GroupMark(since.lastAppliedSeq(), since.lastSourcePosition(), failed.latencyMillis()));
        }
    }
}
