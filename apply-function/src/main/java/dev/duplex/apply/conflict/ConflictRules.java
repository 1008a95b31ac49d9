package dev.duplex.apply.conflict;

import dev.duplex.core.config.ConflictResolution;
import dev.duplex.core.config.TableRef;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.model.Direction;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The conflict rule of each target table of one direction. Batches carry target names while the
 * task configuration is written in node a's names: towards node a they are the same; towards
 * node b the name is mapped back through the selection's renames and capitalization.
 */
public final class ConflictRules {
    private final TaskConfig config;
    private final Direction direction;
    private final boolean lastWriterWins;
    private final Map<String, ConflictResolution> byTable = new ConcurrentHashMap<>();
    private final Map<String, List<String>> deltas = new ConcurrentHashMap<>();

    public ConflictRules(TaskConfig config, Direction direction) {
        this.config = config;
        this.direction = direction;
        this.lastWriterWins = config.usesLastWriterWins();
    }

    /** Whether the incoming rows were written on node a: node a's write wins a last-writer-wins tie. */
    public boolean fromNodeA() {
        return "a".equals(direction.sourceNode());
    }

    /** The counter columns of a target table, applied as increments; empty if none. */
    public List<String> deltaFor(String targetDb, String targetTable) {
        return deltas.computeIfAbsent(targetDb + "\u0000" + targetTable, k -> {
            TableRef ref = "a".equals(direction.targetNode()) ? new TableRef(targetDb, targetTable)
                    : config.objects().sourceOf(targetDb, targetTable, config.capitalization());
            return ref == null ? List.of() : config.deltaFor(ref.database(), ref.table());
        });
    }

    /** Asked after every message (parked rows, tombstones): answered once per configuration. */
    public boolean usesLastWriterWins() {
        return lastWriterWins;
    }

    public boolean strict() {
        return config.sync().strictConflicts();
    }

    public ConflictResolution forTarget(String targetDb, String targetTable) {
        return byTable.computeIfAbsent(targetDb + "\u0000" + targetTable, k -> lookup(targetDb, targetTable));
    }

    private ConflictResolution lookup(String targetDb, String targetTable) {
        if ("a".equals(direction.targetNode())) {
            return config.conflictResolutionFor(targetDb, targetTable);
        }
        TableRef ref = config.objects().sourceOf(targetDb, targetTable, config.capitalization());
        return ref == null ? new ConflictResolution.ByPolicy(config.sync().conflictPolicy())
                : config.conflictResolutionFor(ref.database(), ref.table());
    }
}
