package dev.duplex.cli.conflicts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.apply.conflict.Decision;
import dev.duplex.core.config.ConflictPolicy;
import dev.duplex.core.config.ConflictResolution;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.ConflictRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConflictReplayTest {
    private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");
    private static final ConflictResolution LWW = new ConflictResolution.LastWriterWins("duplex_version");

    private static ConflictRecord record(Direction d, String kind, String decision, String before, String after,
                                         String target) {
        return new ConflictRecord("t", d, "shop", "items", kind, "overwrite", decision, "(id)=(1)", before, after,
                target, "seq", "f:1", AT);
    }

    private static ConflictRecord insert(String after, String target) {
        return record(Direction.A2B, "INSERT_DUPLICATE", "APPLY_INCOMING", "", after, target);
    }

    private static Decision decided(ConflictRecord c, ConflictResolution rule) {
        return assertInstanceOf(ConflictReplay.Outcome.Decided.class, ConflictReplay.replay(c, rule)).decision();
    }

    private static String version(String ts) {
        return "{\"id\":1,\"duplex_version\":{\"ts\":\"" + ts + "\"}}";
    }

    @Test
    void shouldDecideByTheFixedPoliciesWhateverTheRows() {
        ConflictRecord c = insert("{\"id\":1}", "{\"id\":1}");
        assertEquals(Decision.KEEP_TARGET, decided(c, new ConflictResolution.ByPolicy(ConflictPolicy.IGNORE)));
        assertEquals(Decision.APPLY_INCOMING, decided(c, new ConflictResolution.ByPolicy(ConflictPolicy.OVERWRITE)));
        assertEquals(Decision.FAIL_TASK, decided(c, new ConflictResolution.ByPolicy(ConflictPolicy.TASK_FAILED)));
    }

    @Test
    void shouldAlwaysKeepTheTargetForADeleteOfAMissingRow() {
        ConflictRecord c = record(Direction.A2B, "DELETE_MISSING", "KEEP_TARGET", version("2026-01-01 00:00:00.000002"),
                "", "");
        assertEquals(Decision.KEEP_TARGET, decided(c, new ConflictResolution.ByPolicy(ConflictPolicy.OVERWRITE)));
        assertEquals(Decision.KEEP_TARGET, decided(c, LWW));
    }

    @Test
    void shouldLetTheGreaterOrSmallerColumnWinComparingNumbersNumerically() {
        // 10 > 9 as numbers (as text "10" < "9"); the DECIMAL and the integer compare as numbers too.
        ConflictRecord c = insert("{\"id\":1,\"version\":10}", "{\"id\":1,\"version\":{\"dec\":\"9.50\"}}");
        assertEquals(Decision.APPLY_INCOMING, decided(c, new ConflictResolution.UseMax("version", ConflictPolicy.IGNORE)));
        assertEquals(Decision.KEEP_TARGET, decided(c, new ConflictResolution.UseMin("version", ConflictPolicy.OVERWRITE)));
    }

    @Test
    void shouldFallBackOnATieANullOrAMissingTargetRowAsTheApplySideDoes() {
        var useMax = new ConflictResolution.UseMax("version", ConflictPolicy.IGNORE);
        assertEquals(Decision.KEEP_TARGET, decided(insert("{\"id\":1,\"version\":3}", "{\"id\":1,\"version\":3}"), useMax));
        assertEquals(Decision.KEEP_TARGET, decided(insert("{\"id\":1,\"version\":null}", "{\"id\":1,\"version\":3}"),
                useMax));
        ConflictRecord updateMissing = record(Direction.A2B, "UPDATE_MISSING", "KEEP_TARGET",
                "{\"id\":1,\"version\":1}", "{\"id\":1,\"version\":2}", "");
        assertEquals(Decision.APPLY_INCOMING, decided(updateMissing,
                new ConflictResolution.UseMax("version", ConflictPolicy.OVERWRITE)));
    }

    @Test
    void shouldLetTheLaterVersionWinUnderLastWriterWins() {
        assertEquals(Decision.APPLY_INCOMING, decided(insert(version("2026-01-01 00:00:00.000002"),
                version("2026-01-01 00:00:00.000001")), LWW));
        assertEquals(Decision.KEEP_TARGET, decided(insert(version("2026-01-01 00:00:00.000001"),
                version("2026-01-01 00:00:00.000002")), LWW));
    }

    @Test
    void shouldGiveEqualVersionsToNodeAsWriteInBothDirections() {
        String same = version("2026-01-01 00:00:00.000005");
        assertEquals(Decision.APPLY_INCOMING, decided(record(Direction.A2B, "INSERT_DUPLICATE", "KEEP_TARGET", "", same,
                same), LWW), "towards b the incoming row is node a's");
        assertEquals(Decision.KEEP_TARGET, decided(record(Direction.B2A, "INSERT_DUPLICATE", "KEEP_TARGET", "", same,
                same), LWW), "towards a the target row is node a's");
    }

    @Test
    void shouldDecideAnIncomingDeleteByItsBeforeImagesTime() {
        ConflictRecord delete = record(Direction.A2B, "UPDATE_MISMATCH", "APPLY_INCOMING",
                version("2026-01-01 00:00:00.000001"), "", version("2026-01-01 00:00:00.000009"));
        assertEquals(Decision.KEEP_TARGET, decided(delete, LWW), "the target row was written after the delete");
    }

    @Test
    void shouldLetADeleteWinATieAndKeepTheKeysTombstoneVerdictUnderLastWriterWins() {
        String same = version("2026-01-01 00:00:00.000005");
        ConflictRecord delete = record(Direction.B2A, "DELETE_MISMATCH", "KEEP_TARGET", same, "", same);
        assertEquals(Decision.APPLY_INCOMING, decided(delete, LWW), "a delete not older than the row wins, from b too");
        ConflictRecord buried = record(Direction.A2B, "DELETED_ON_TARGET", "KEEP_TARGET", "",
                version("2026-01-01 00:00:01"), "");
        assertEquals(Decision.KEEP_TARGET, decided(buried, LWW), "the key's tombstone was not older");
    }

    @Test
    void shouldLetTheIncomingWriteWinWithoutATargetRowUnderLastWriterWins() {
        ConflictRecord c = record(Direction.B2A, "UPDATE_MISSING", "KEEP_TARGET", version("2026-01-01 00:00:00"),
                version("2026-01-01 00:00:01"), "");
        assertEquals(Decision.APPLY_INCOMING, decided(c, LWW));
    }

    @Test
    void shouldCallAConflictWithoutVersionsUndecidableUnderLastWriterWins() {
        var noIncoming = ConflictReplay.replay(insert("{\"id\":1}", version("2026-01-01 00:00:00")), LWW);
        assertTrue(assertInstanceOf(ConflictReplay.Outcome.Undecidable.class, noIncoming).why()
                .contains("incoming row carries no duplex_version"), noIncoming.toString());
        var noTarget = ConflictReplay.replay(insert(version("2026-01-01 00:00:00"), "{\"id\":1}"), LWW);
        assertInstanceOf(ConflictReplay.Outcome.Undecidable.class, noTarget);
    }

    @Test
    void shouldCallImagesStoredInPartOrUnknownKindsUndecidable() {
        ConflictRecord cut = insert("{\"id\":1,\"body\":\"abc", "{\"id\":1}");
        assertInstanceOf(ConflictReplay.Outcome.Undecidable.class, ConflictReplay.replay(cut, LWW));
        ConflictRecord unknown = record(Direction.A2B, "SOMETHING_NEW", "KEEP_TARGET", "", "{}", "{}");
        assertInstanceOf(ConflictReplay.Outcome.Undecidable.class, ConflictReplay.replay(unknown, LWW));
    }

    @Test
    void shouldReportOnlyTheConflictsThatEndDifferentlyAndCountTheUndecidable() {
        List<ConflictRecord> records = List.of(
                insert(version("2026-01-01 00:00:02"), version("2026-01-01 00:00:01")), // recorded APPLY_INCOMING: same
                insert(version("2026-01-01 00:00:01"), version("2026-01-01 00:00:02")), // target newer: differs
                insert("{\"id\":1}", "{\"id\":1}")); // no versions
        ReplayReport report = ReplayReport.of("last-writer-wins", records, c -> LWW);
        assertEquals(3, report.conflicts());
        assertEquals(1, report.differing().size());
        assertEquals(Decision.KEEP_TARGET, report.differing().get(0).replayed());
        assertEquals(1, report.undecidable().size());
        assertEquals("3 conflicts, 1 would have ended differently under last-writer-wins, 1 undecidable",
                report.summary());
    }

    @Test
    void shouldParseEveryPolicyFormAndNameTheFormsForAnUnknownOne() {
        assertEquals(new ReplayPolicy.Fixed(ConflictPolicy.IGNORE), ReplayPolicy.parse("ignore"));
        assertEquals(new ReplayPolicy.Fixed(ConflictPolicy.TASK_FAILED), ReplayPolicy.parse("task-failed"));
        assertEquals(new ReplayPolicy.LastWriterWins(), ReplayPolicy.parse("last-writer-wins"));
        assertEquals(new ReplayPolicy.Fixed(ConflictPolicy.TASK_FAILED), ReplayPolicy.parse("TaskFailed"));
        assertEquals(new ReplayPolicy.ByColumn(false, "Version"), ReplayPolicy.parse("use_min:Version"));
        assertEquals(new ReplayPolicy.ByColumn(true, "updated_at"), ReplayPolicy.parse("useMax:updated_at"));
        assertEquals(new ConflictResolution.UseMin("v", ConflictPolicy.TASK_FAILED),
                ReplayPolicy.parse("useMin:v").resolution(ConflictPolicy.LAST_WRITER_WINS, "duplex_version"));
        var e = assertThrows(IllegalArgumentException.class, () -> ReplayPolicy.parse("newest"));
        assertTrue(e.getMessage().contains("useMax:COLUMN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReplayPolicy.parse("useMax:"));
    }
}
