package dev.duplex.cli.conflicts;

import dev.duplex.core.config.ConflictPolicy;
import dev.duplex.core.config.ConflictResolution;
import java.util.Locale;

/**
 * The policy {@code duplex conflicts --replay-policy} runs over recorded conflicts: task-failed,
 * ignore, overwrite, last-writer-wins, useMax:COLUMN or useMin:COLUMN. It becomes, per recorded
 * table, the {@link ConflictResolution} the apply side would have used.
 */
public sealed interface ReplayPolicy {
    String FORMS = "task-failed, ignore, overwrite, last-writer-wins, useMax:COLUMN or useMin:COLUMN";

    /**
     * The rule for one table.
     *
     * @param tableFallback what decides a useMax/useMin tie or NULL on that table: its configured
     *                      conflictPolicy (task-failed where that is last-writer-wins, which has none)
     * @param lwwColumn     the table's version column: its lwwColumn, or duplex_version
     */
    ConflictResolution resolution(ConflictPolicy tableFallback, String lwwColumn);

    /** How the replay names itself in its report. */
    String text();

    record Fixed(ConflictPolicy policy) implements ReplayPolicy {
        @Override
        public ConflictResolution resolution(ConflictPolicy tableFallback, String lwwColumn) {
            return new ConflictResolution.ByPolicy(policy);
        }

        @Override
        public String text() {
            return policy.code();
        }
    }

    record ByColumn(boolean max, String column) implements ReplayPolicy {
        @Override
        public ConflictResolution resolution(ConflictPolicy tableFallback, String lwwColumn) {
            ConflictPolicy fallback = tableFallback == ConflictPolicy.LAST_WRITER_WINS ? ConflictPolicy.TASK_FAILED
                    : tableFallback;
            return max ? new ConflictResolution.UseMax(column, fallback) : new ConflictResolution.UseMin(column, fallback);
        }

        @Override
        public String text() {
            return (max ? "useMax:" : "useMin:") + column;
        }
    }

    record LastWriterWins() implements ReplayPolicy {
        @Override
        public ConflictResolution resolution(ConflictPolicy tableFallback, String lwwColumn) {
            return new ConflictResolution.LastWriterWins(lwwColumn);
        }

        @Override
        public String text() {
            return ConflictPolicy.LAST_WRITER_WINS.code();
        }
    }

    /**
     * Matched as the task file's policies are: ignoring case, '-' and '_' ("TaskFailed" is
     * task-failed); a column name is kept as written.
     *
     * @throws IllegalArgumentException naming the forms accepted
     */
    static ReplayPolicy parse(String text) {
        String t = text == null ? "" : text.strip();
        int colon = t.indexOf(':');
        if (colon > 0) {
            String rule = loose(t.substring(0, colon));
            String column = t.substring(colon + 1).strip();
            if (column.isEmpty() || !(rule.equals("usemax") || rule.equals("usemin"))) {
                throw new IllegalArgumentException("replay policy '" + text + "' is not known: use " + FORMS);
            }
            return new ByColumn(rule.equals("usemax"), column);
        }
        for (ConflictPolicy p : ConflictPolicy.values()) {
            if (loose(p.code()).equals(loose(t))) {
                return p == ConflictPolicy.LAST_WRITER_WINS ? new LastWriterWins() : new Fixed(p);
            }
        }
        throw new IllegalArgumentException("replay policy '" + text + "' is not known: use " + FORMS);
    }

    private static String loose(String s) {
        return s.replace("-", "").replace("_", "").strip().toLowerCase(Locale.ROOT);
    }
}
