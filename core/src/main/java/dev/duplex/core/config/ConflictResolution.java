package dev.duplex.core.config;

import java.util.Objects;

/**
 * How the apply side settles a conflict on one table. Column rules compare the incoming row
 * with the target row; when the values are equal or either is NULL, {@link #fallback()} decides.
 */
public sealed interface ConflictResolution {

    /** The policy that decides when no column rule applies or the rule cannot tell. */
    ConflictPolicy fallback();

    record ByPolicy(ConflictPolicy policy) implements ConflictResolution {
        public ByPolicy {
            Objects.requireNonNull(policy, "policy");
        }

        @Override
        public ConflictPolicy fallback() {
            return policy;
        }
    }

    /** The row with the greater {@code column} wins (e.g. a last-modified timestamp or version). */
    record UseMax(String column, ConflictPolicy fallback) implements ConflictResolution {
        public UseMax {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(fallback, "fallback");
        }
    }

    /** The row with the smaller {@code column} wins. */
    record UseMin(String column, ConflictPolicy fallback) implements ConflictResolution {
        public UseMin {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(fallback, "fallback");
        }
    }

    /**
     * Last writer wins: the incoming row wins iff its {@code versionColumn} is greater than the
     * target row's version or the target key's tombstone; ties go to node a's write. Never falls
     * back: every conflict has a winner.
     */
    record LastWriterWins(String versionColumn) implements ConflictResolution {
        public LastWriterWins {
            Objects.requireNonNull(versionColumn, "versionColumn");
        }

        @Override
        public ConflictPolicy fallback() {
            return ConflictPolicy.LAST_WRITER_WINS;
        }
    }
}
