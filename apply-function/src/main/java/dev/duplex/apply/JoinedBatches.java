package dev.duplex.apply;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.DdlChange;
import java.util.List;

/**
 * Which consecutive messages of an event may be applied as one target transaction, and the one
 * batch they make. Rows only (DDL commits implicitly), one group, and the same rules for every
 * row: full sync's rows keep existing ones, catch-up rows overwrite, so neither mixes with others.
 */
final class JoinedBatches {
    private JoinedBatches() {}

    /** Whether a run of joined messages may start with {@code first}: it carries rows only. */
    static boolean startsRun(Batch first) {
        return rowsOnly(first);
    }

    /**
     * Whether {@code next} may join a run that starts with {@code first} and ends with {@code last}:
     * it must continue {@code last} in the chain (a joined batch names only the first's predecessor,
     * so a hole between two messages would otherwise be applied over). Format 1 messages, which
     * have no chain, never join.
     */
    static boolean joinable(Batch first, Batch last, Batch next) {
        return next.continues(last) && rowsOnly(first) && rowsOnly(next) && first.task().equals(next.task())
                && first.direction() == next.direction() && first.group().equals(next.group())
                && first.catchUp() == next.catchUp()
                && (first.kind() == BatchKind.SNAPSHOT) == (next.kind() == BatchKind.SNAPSHOT);
    }

    private static boolean rowsOnly(Batch b) {
        return b.kind() != BatchKind.DDL
                && b.transactions().stream().allMatch(t -> t.changes().stream().noneMatch(DdlChange.class::isInstance));
    }

    /** One batch of the run's transactions in order, re-sent ones left out ({@link Batch#join}). */
    static Batch join(List<Batch> run) {
        return Batch.join(run, run.get(0).kind() == BatchKind.SNAPSHOT ? BatchKind.SNAPSHOT : BatchKind.DML);
    }
}
