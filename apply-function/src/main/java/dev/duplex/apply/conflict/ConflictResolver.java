package dev.duplex.apply.conflict;

import dev.duplex.core.config.ConflictPolicy;
import dev.duplex.core.config.ConflictResolution;

/**
 * Decides a conflict. Pure: the caller supplies how the incoming row compares with the target row
 * on the rule's column (computed by the target database, so its own type semantics apply).
 */
public final class ConflictResolver {
    private ConflictResolver() {}

    /**
     * @param comparison sign of (incoming - target) on the rule's column; null when there is no
     *                   target row, either value is NULL, or the rule has no column
     */
    public static Resolution resolve(ConflictKind kind, ConflictResolution rule, boolean catchUp, Integer comparison) {
        if (kind == ConflictKind.DELETE_MISSING) {
            return new Resolution(Decision.KEEP_TARGET, "delete-missing-ignored");
        }
        if (catchUp) {
            return new Resolution(Decision.APPLY_INCOMING, "catch-up");
        }
        return switch (rule) {
            case ConflictResolution.ByPolicy p -> byPolicy(p.policy(), p.policy().code());
            case ConflictResolution.UseMax m -> byColumn("useMax(" + m.column() + ")", comparison, 1, m.fallback());
            case ConflictResolution.UseMin m -> byColumn("useMin(" + m.column() + ")", comparison, -1, m.fallback());
            case ConflictResolution.LastWriterWins l -> lastWriterWins(comparison);
        };
    }

    private static Resolution byColumn(String name, Integer comparison, int winningSign, ConflictPolicy fallback) {
        if (comparison == null || comparison == 0) {
            return byPolicy(fallback, name + " tie/null -> " + fallback.code());
        }
        return new Resolution(Integer.signum(comparison) == winningSign ? Decision.APPLY_INCOMING : Decision.KEEP_TARGET,
                name);
    }

    /**
     * @param comparison sign of the incoming write's (version, node) against the target's row or
     *                   tombstone, ties already broken by node; null when the target has neither
     */
    private static Resolution lastWriterWins(Integer comparison) {
        String name = ConflictPolicy.LAST_WRITER_WINS.code();
        return new Resolution(comparison == null || comparison > 0 ? Decision.APPLY_INCOMING : Decision.KEEP_TARGET,
                name);
    }

    private static Resolution byPolicy(ConflictPolicy policy, String description) {
        return new Resolution(switch (policy) {
            case TASK_FAILED -> Decision.FAIL_TASK;
            case IGNORE -> Decision.KEEP_TARGET;
            case OVERWRITE -> Decision.APPLY_INCOMING;
            case LAST_WRITER_WINS -> throw new IllegalStateException("last-writer-wins has no fallback");
        }, description);
    }
}
