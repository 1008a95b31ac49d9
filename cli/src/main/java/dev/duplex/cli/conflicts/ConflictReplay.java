package dev.duplex.cli.conflicts;

import dev.duplex.apply.conflict.ConflictKind;
import dev.duplex.apply.conflict.ConflictResolver;
import dev.duplex.apply.conflict.Decision;
import dev.duplex.apply.conflict.Resolution;
import dev.duplex.core.config.ConflictResolution;
import dev.duplex.core.error.DecodeException;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Value;
import dev.duplex.core.store.ConflictRecord;
import dev.duplex.core.wire.ImageJson;
import java.util.Map;
import java.util.Optional;

/**
 * Decides a recorded conflict again under another rule, on its recorded images: what
 * {@code duplex conflicts --replay-policy} prints. The decision is {@link ConflictResolver}'s,
 * the one the apply side makes; only the comparison the target server made while applying is
 * made here, on the recorded values ({@link ValueOrder}, with its limits).
 *
 * <p>The incoming row is the after image, or for a DELETE (no after image) the before image,
 * which under last-writer-wins carries the delete's time. Each conflict is decided on its own:
 * where one incoming row collided with several target rows, the apply kept the target if any
 * of them won, which this does not reproduce.
 */
public final class ConflictReplay {
    private ConflictReplay() {}

    /** What the rule decides, or why the recorded conflict cannot tell. */
    public sealed interface Outcome {
        record Decided(Decision decision, String rule) implements Outcome {}

        record Undecidable(String why) implements Outcome {}
    }

    public static Outcome replay(ConflictRecord c, ConflictResolution rule) {
        ConflictKind kind;
        try {
            kind = ConflictKind.valueOf(c.kind());
        } catch (IllegalArgumentException unknown) {
            return new Outcome.Undecidable("conflict kind " + c.kind() + " is not known to this version");
        }
        if (kind == ConflictKind.DELETE_MISSING || rule instanceof ConflictResolution.ByPolicy) {
            return decided(kind, rule, null);
        }
        Map<String, Value> incoming;
        Map<String, Value> target;
        try {
            incoming = ImageJson.decode(c.afterImage().isEmpty() ? c.beforeImage() : c.afterImage());
            target = ImageJson.decode(c.targetRow());
        } catch (DecodeException cut) {
            return new Outcome.Undecidable("its images were stored in part (too large for the log)");
        }
        return switch (rule) {
            case ConflictResolution.UseMax m -> byColumn(kind, rule, m.column(), incoming, target);
            case ConflictResolution.UseMin m -> byColumn(kind, rule, m.column(), incoming, target);
            case ConflictResolution.LastWriterWins l -> lastWriterWins(kind, l, c.direction(), incoming, target);
            case ConflictResolution.ByPolicy p -> decided(kind, rule, null);
        };
    }

    /**
     * As the apply side: no target row, the column missing from either image, or a NULL leaves the
     * rule without a comparison, and its fallback decides.
     */
    private static Outcome byColumn(ConflictKind kind, ConflictResolution rule, String column,
                                    Map<String, Value> incoming, Map<String, Value> target) {
        Value in = valueOf(incoming, column);
        Value on = valueOf(target, column);
        if (in == null || on == null || in instanceof Value.Null || on instanceof Value.Null) {
            return decided(kind, rule, null);
        }
        Optional<Integer> sign = ValueOrder.compare(in, on);
        if (sign.isEmpty()) {
            return new Outcome.Undecidable("column " + column + " holds values that do not compare here");
        }
        return decided(kind, rule, sign.get());
    }

    /**
     * The greater version wins; equal versions go to node a's write (towards b the incoming one,
     * towards a the target's), but a delete wins a tie; no target row: the incoming write wins,
     * unless the record says the key's tombstone beat it.
     */
    private static Outcome lastWriterWins(ConflictKind kind, ConflictResolution.LastWriterWins rule, Direction direction,
                                          Map<String, Value> incoming, Map<String, Value> target) {
        if (kind == ConflictKind.DELETED_ON_TARGET) {
            return decided(kind, rule, -1); // the key's tombstone was not older: the record holds no more
        }
        String column = rule.versionColumn();
        Value in = valueOf(incoming, column);
        if (in == null || in instanceof Value.Null) {
            return new Outcome.Undecidable("the incoming row carries no " + column);
        }
        if (target.isEmpty()) {
            return decided(kind, rule, null);
        }
        Value on = valueOf(target, column);
        if (on == null || on instanceof Value.Null) {
            return new Outcome.Undecidable("the target row carries no " + column);
        }
        Optional<Integer> sign = ValueOrder.compare(in, on);
        if (sign.isEmpty()) {
            return new Outcome.Undecidable("column " + column + " holds values that do not compare here");
        }
        if (kind == ConflictKind.DELETE_MISMATCH) {
            return decided(kind, rule, sign.get() >= 0 ? 1 : -1); // a delete wins a tie (its before-image holds its time)
        }
        int broken = sign.get() != 0 ? sign.get() : direction == Direction.A2B ? 1 : -1;
        return decided(kind, rule, broken);
    }

    private static Outcome decided(ConflictKind kind, ConflictResolution rule, Integer comparison) {
        Resolution r = ConflictResolver.resolve(kind, rule, false, comparison);
        return new Outcome.Decided(r.decision(), r.policy());
    }

    /** A column's value by name, case-insensitively as MySQL names columns; null when absent. */
    private static Value valueOf(Map<String, Value> image, String column) {
        Value exact = image.get(column);
        if (exact != null) {
            return exact;
        }
        return image.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(column)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }
}
