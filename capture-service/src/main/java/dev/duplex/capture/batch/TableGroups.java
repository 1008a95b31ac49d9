package dev.duplex.capture.batch;

import dev.duplex.core.config.Partitioning;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.model.RowChange;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The message group of a row change: the direction's one, or under {@code partitioning: table}
 * its table's ({@link QueueNames#tableGroup}), remembered per table because every row asks.
 * Not thread-safe: the capture's batching thread alone asks.
 */
public final class TableGroups implements Function<RowChange, String> {
    private final Direction direction;
    private final Map<String, Map<String, String>> known = new HashMap<>();

    private TableGroups(Direction direction) {
        this.direction = direction;
    }

    /** How {@code partitioning} groups the rows of {@code settings}' direction. */
    public static Function<RowChange, String> of(Partitioning partitioning, BatchSettings settings) {
        if (partitioning == Partitioning.TABLE) {
            return new TableGroups(settings.direction());
        }
        String group = settings.group();
        return row -> group;
    }

    @Override
    public String apply(RowChange row) {
        return known.computeIfAbsent(row.database(), db -> new HashMap<>())
                .computeIfAbsent(row.table(), table -> QueueNames.tableGroup(direction, row.database(), table));
    }
}
