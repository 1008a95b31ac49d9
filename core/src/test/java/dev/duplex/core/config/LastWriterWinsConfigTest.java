package dev.duplex.core.config;

import static dev.duplex.core.config.ConfigTestSupport.assertOnlyProblem;
import static dev.duplex.core.config.ConfigTestSupport.parse;
import static dev.duplex.core.config.ConfigTestSupport.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LastWriterWinsConfigTest {

    @Test
    void shouldDecideATaskLevelLastWriterWinsTableByTheColumnDuplexAdds() {
        TaskConfig c = parse(valid("conflictPolicy: task-failed", "conflictPolicy: last-writer-wins"));
        assertEquals(new ConflictResolution.LastWriterWins("duplex_version"), c.conflictResolutionFor("shop", "items"));
        assertTrue(c.usesLastWriterWins());
    }

    @Test
    void shouldSelectTheVersionColumnOfAListedTableWithoutTheUserListingIt() {
        TaskConfig c = parse(valid("conflictPolicy: overwrite", "conflictPolicy: last-writer-wins"));
        TableSelection t = c.selectionFor("crm", "customers");
        assertEquals("duplex_version", t.lwwColumn());
        assertTrue(t.selectsColumn("duplex_version"));
        assertFalse(t.selectsColumn("notes"));
    }

    @Test
    void shouldUseTheColumnTheUserNames() {
        TaskConfig c = parse(valid("conflictPolicy: overwrite",
                "conflictPolicy: last-writer-wins\n        lwwColumn: email"));
        assertEquals(new ConflictResolution.LastWriterWins("email"), c.conflictResolutionFor("crm", "customers"));
        assertEquals(new ConflictResolution.ByPolicy(ConflictPolicy.TASK_FAILED), c.conflictResolutionFor("crm", "orders"));
    }

    @Test
    void shouldReadDeltaColumns() {
        TaskConfig c = parse(valid("conflictPolicy: overwrite", "conflictPolicy: overwrite\n        delta: [region]"));
        assertEquals(List.of("region"), c.deltaFor("crm", "customers"));
        assertTrue(c.selectionFor("crm", "customers").isDelta("REGION"));
    }

    @Test
    void shouldRejectADeltaColumnThatIsNotSelected() {
        assertOnlyProblem(valid("conflictPolicy: overwrite", "delta: [stock]"),
                "objects[1].tables[0].delta[0]", "delta column stock is not among the selected columns");
    }

    @Test
    void shouldRejectUseMaxOnALastWriterWinsTable() {
        assertOnlyProblem(valid("conflictPolicy: overwrite", "conflictPolicy: last-writer-wins\n        useMax: id"),
                "objects[1].tables[0].useMax", "useMax is set on a last-writer-wins table");
    }

    @Test
    void shouldRejectAnLwwColumnWithoutLastWriterWins() {
        assertOnlyProblem(valid("conflictPolicy: overwrite", "conflictPolicy: ignore\n        lwwColumn: email"),
                "objects[1].tables[0].lwwColumn", "not last-writer-wins");
    }
}
