package dev.duplex.cli.conflicts;

import dev.duplex.apply.conflict.Decision;
import dev.duplex.core.config.ConflictResolution;
import dev.duplex.core.store.ConflictRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A policy run over recorded conflicts: the ones it would have decided otherwise and the ones
 * it cannot decide from the records.
 *
 * @param conflicts   how many were replayed
 * @param differing   those whose replayed decision is not the recorded one
 * @param undecidable those the records cannot decide (with why)
 */
public record ReplayReport(String policy, int conflicts, List<Row> differing, List<Row> undecidable) {

    /** One replayed conflict: {@code replayed} is the new decision, or null with {@code why} when undecidable. */
    public record Row(ConflictRecord conflict, Decision replayed, String rule, String why) {}

    /** @param rules the rule the policy becomes on each record's table */
    public static ReplayReport of(String policy, List<ConflictRecord> records,
                                  Function<ConflictRecord, ConflictResolution> rules) {
        List<Row> differing = new ArrayList<>();
        List<Row> undecidable = new ArrayList<>();
        for (ConflictRecord c : records) {
            switch (ConflictReplay.replay(c, rules.apply(c))) {
                case ConflictReplay.Outcome.Decided d -> {
                    if (!d.decision().name().equals(c.decision())) {
                        differing.add(new Row(c, d.decision(), d.rule(), ""));
                    }
                }
                case ConflictReplay.Outcome.Undecidable u -> undecidable.add(new Row(c, null, "", u.why()));
            }
        }
        return new ReplayReport(policy, records.size(), List.copyOf(differing), List.copyOf(undecidable));
    }

    public String summary() {
        return String.format("%d conflicts, %d would have ended differently under %s, %d undecidable", conflicts,
                differing.size(), policy, undecidable.size());
    }
}
