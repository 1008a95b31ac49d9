package dev.duplex.apply.conflict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.core.config.ConflictPolicy;
import dev.duplex.core.config.ConflictResolution;
import org.junit.jupiter.api.Test;

class ConflictResolverTest {
    private static final ConflictResolution FAIL = new ConflictResolution.ByPolicy(ConflictPolicy.TASK_FAILED);
    private static final ConflictResolution IGNORE = new ConflictResolution.ByPolicy(ConflictPolicy.IGNORE);
    private static final ConflictResolution OVERWRITE = new ConflictResolution.ByPolicy(ConflictPolicy.OVERWRITE);
    private static final ConflictResolution MAX = new ConflictResolution.UseMax("ver", ConflictPolicy.TASK_FAILED);
    private static final ConflictResolution MIN = new ConflictResolution.UseMin("ver", ConflictPolicy.OVERWRITE);

    private static Decision decide(ConflictKind kind, ConflictResolution rule, boolean catchUp, Integer cmp) {
        return ConflictResolver.resolve(kind, rule, catchUp, cmp).decision();
    }

    @Test
    void shouldMapEachPolicyToItsDecision() {
        assertEquals(Decision.FAIL_TASK, decide(ConflictKind.INSERT_DUPLICATE, FAIL, false, null));
        assertEquals(Decision.KEEP_TARGET, decide(ConflictKind.UPDATE_MISSING, IGNORE, false, null));
        assertEquals(Decision.APPLY_INCOMING, decide(ConflictKind.UPDATE_MISMATCH, OVERWRITE, false, null));
    }

    @Test
    void shouldAlwaysIgnoreMissingDeleteEvenUnderTaskFailedOrCatchUp() {
        assertEquals(Decision.KEEP_TARGET, decide(ConflictKind.DELETE_MISSING, FAIL, false, null));
        assertEquals(Decision.KEEP_TARGET, decide(ConflictKind.DELETE_MISSING, OVERWRITE, true, 1));
    }

    @Test
    void shouldOverwriteDuringCatchUpWhateverTheRule() {
        Resolution r = ConflictResolver.resolve(ConflictKind.INSERT_DUPLICATE, FAIL, true, null);
        assertEquals(Decision.APPLY_INCOMING, r.decision());
        assertEquals("catch-up", r.policy());
        assertEquals(Decision.APPLY_INCOMING, decide(ConflictKind.UPDATE_MISMATCH, MAX, true, -1));
    }

    @Test
    void shouldLetTheGreaterValueWinUnderUseMaxAndTheSmallerUnderUseMin() {
        assertEquals(Decision.APPLY_INCOMING, decide(ConflictKind.INSERT_DUPLICATE, MAX, false, 1));
        assertEquals(Decision.KEEP_TARGET, decide(ConflictKind.INSERT_DUPLICATE, MAX, false, -1));
        assertEquals(Decision.APPLY_INCOMING, decide(ConflictKind.INSERT_DUPLICATE, MIN, false, -1));
        assertEquals(Decision.KEEP_TARGET, decide(ConflictKind.INSERT_DUPLICATE, MIN, false, 1));
    }

    @Test
    void shouldFallBackOnTiesAndUnknownComparisons() {
        assertEquals(Decision.FAIL_TASK, decide(ConflictKind.INSERT_DUPLICATE, MAX, false, 0));
        assertEquals(Decision.FAIL_TASK, decide(ConflictKind.UPDATE_MISSING, MAX, false, null));
        Resolution r = ConflictResolver.resolve(ConflictKind.INSERT_DUPLICATE, MIN, false, null);
        assertEquals(Decision.APPLY_INCOMING, r.decision());
        assertEquals("useMin(ver) tie/null -> overwrite", r.policy());
    }
}
