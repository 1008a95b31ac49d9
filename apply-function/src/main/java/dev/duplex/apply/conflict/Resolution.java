package dev.duplex.apply.conflict;

import java.util.Objects;

/** A decision and the rule that made it, as shown in the conflict log ("useMax(updated_at)", "catch-up", ...). */
public record Resolution(Decision decision, String policy) {
    public Resolution {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(policy, "policy");
    }
}
