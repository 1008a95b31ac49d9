package dev.duplex.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.Direction;
import dev.duplex.core.store.DirectionStatus;
import dev.duplex.core.store.RefusedDdl;
import dev.duplex.core.store.TaskLogEntry;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.core.store.VerifyResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusViewTest {
    private static final Instant ERROR_AT = Instant.parse("2026-11-21T09:00:00.250Z");

    private static String a2bLine(Instant progressAt) {
        DirectionStatus a2b = new DirectionStatus("t", Direction.A2B, 40, "seq", "mysql-bin.000001:400", 10, 2, 0,
                "cannot connect to 127.0.0.1:3307", progressAt.isAfter(ERROR_AT) ? progressAt : ERROR_AT, ERROR_AT,
                progressAt);
        StatusView view = new StatusView(new TaskRecord("t", "", TaskState.RUNNING, "", 1, ERROR_AT),
                Map.of(Direction.A2B, a2b), Map.of(), List.of(), Optional.empty(), ERROR_AT.plusSeconds(60));
        return view.render(null).stream().filter(l -> l.startsWith("  a2b")).findFirst().orElseThrow();
    }

    @Test
    void shouldShowTheTaskLogsLatestLinesWithLevelAndDirection() {
        var warn = new TaskLogEntry("t", "b2a", "WARN", "TRUNCATE TABLE emptied `rr`.`emptied` on node b only", ERROR_AT);
        var plain = new TaskLogEntry("t", "", "INFO", "started", ERROR_AT.minusSeconds(60));
        StatusView view = new StatusView(new TaskRecord("t", "", TaskState.RUNNING, "", 1, ERROR_AT), Map.of(),
                Map.of(), List.of(), Optional.empty(), Optional.empty(), ERROR_AT, List.of(warn, plain));
        List<String> lines = view.render(null);

        int head = lines.indexOf("task log (latest 2):");
        assertTrue(head > 0, lines.toString());
        assertEquals("  2026-11-21T09:00:00Z WARN b2a TRUNCATE TABLE emptied `rr`.`emptied` on node b only",
                lines.get(head + 1));
        assertEquals("  2026-11-21T08:59:00Z INFO started", lines.get(head + 2));
    }

    @Test
    void shouldShowALastErrorWithItsTimeAsCurrentWhileNothingWasAppliedAfterIt() {
        String line = a2bLine(ERROR_AT.minusSeconds(5));

        assertTrue(line.contains("last error at 2026-11-21T09:00:00Z: cannot connect to 127.0.0.1:3307"), line);
        assertFalse(line.contains("applying again"), line);
    }

    @Test
    void shouldShowThatADirectionAppliesAgainAfterItsLastError() {
        String line = a2bLine(ERROR_AT.plusSeconds(30));

        assertTrue(line.contains("last error at 2026-11-21T09:00:00Z (applying again since): cannot connect"), line);
    }

    @Test
    void shouldNameTheMessageGroupFurthestBehindWhenThereAreSeveral() {
        DirectionStatus a2b = new DirectionStatus("t", Direction.A2B, 40, "seq", "mysql-bin.000001:400", 10, 2, 0, "",
                ERROR_AT, Instant.EPOCH, ERROR_AT, Instant.EPOCH, 0, Optional.empty(), 0, 5, "a2b.shop.orders");
        StatusView view = new StatusView(new TaskRecord("t", "", TaskState.RUNNING, "", 1, ERROR_AT),
                Map.of(Direction.A2B, a2b), Map.of(), List.of(), Optional.empty(), ERROR_AT.plusSeconds(1));
        String line = view.render(null).stream().filter(l -> l.startsWith("  a2b")).findFirst().orElseThrow();

        assertTrue(line.contains("applied mysql-bin.000001:400 (lowest of 5 message groups: a2b.shop.orders)"), line);
        assertFalse(a2bLine(ERROR_AT).contains("message groups"), "one group: the line as it always was");
    }

    @Test
    void shouldShowSinceWhenADirectionRetriesAndWhenItGivesUp() {
        String config = """
                task: t
                nodes:
                  a: {host: 127.0.0.1, port: 1, user: duplex, password: env:NONE, tls: disabled}
                  b: {host: 127.0.0.1, port: 2, user: duplex, password: env:NONE, tls: disabled}
                retryWindowMinutes: 30
                objects:
                  - shop
                """;
        DirectionStatus a2b = new DirectionStatus("t", Direction.A2B, 40, "seq", "mysql-bin.000001:400", 10, 2, 0,
                "Lock wait timeout exceeded", ERROR_AT, ERROR_AT, ERROR_AT.minusSeconds(60), ERROR_AT.minusSeconds(30));
        StatusView view = new StatusView(new TaskRecord("t", config, TaskState.RUNNING, "", 1, ERROR_AT),
                Map.of(Direction.A2B, a2b), Map.of(), List.of(), Optional.empty(), ERROR_AT.plusSeconds(60));
        String line = view.render(null).stream().filter(l -> l.startsWith("  a2b")).findFirst().orElseThrow();

        assertTrue(line.contains("retrying since 2026-11-21T08:59:30Z, gives up at 2026-11-21T09:29:30Z"), line);
        assertFalse(a2bLine(ERROR_AT).contains("retrying"), "not shown while the direction is not retrying");
    }

    @Test
    void shouldShowTheCountOfRefusedDdlAndTheLastWithItsErrorAndTime() {
        RefusedDdl last = new RefusedDdl("shop", "ALTER TABLE items CHANGE COLUMN sku sku VARCHAR(20) DEFAULT '<redacted>'",
                "[MySQL error 1054] Unknown column 'sku' in 'items'", ERROR_AT);
        DirectionStatus a2b = new DirectionStatus("t", Direction.A2B, 40, "seq", "mysql-bin.000001:400", 10, 2, 0, "",
                ERROR_AT, Instant.EPOCH, ERROR_AT, Instant.EPOCH, 2, Optional.of(last));
        DirectionStatus b2a = new DirectionStatus("t", Direction.B2A, 40, "seq", "mysql-bin.000001:400", 10, 2, 0, "",
                ERROR_AT, Instant.EPOCH, ERROR_AT);
        StatusView view = new StatusView(new TaskRecord("t", "", TaskState.RUNNING, "", 1, ERROR_AT),
                Map.of(Direction.A2B, a2b, Direction.B2A, b2a), Map.of(), List.of(), Optional.empty(),
                ERROR_AT.plusSeconds(60));
        List<String> lines = view.render(null);

        assertTrue(lines.contains("  a2b  DDL failures 2 (refused by the target and skipped); last at 2026-11-21T09:00:00Z"
                + " in shop: ALTER TABLE items CHANGE COLUMN sku sku VARCHAR(20) DEFAULT '<redacted>' -- [MySQL error 1054]"
                + " Unknown column 'sku' in 'items'"), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("  b2a  DDL")), "none refused on b2a: " + lines);
        assertTrue(lines.indexOf(lines.stream().filter(l -> l.startsWith("  a2b  latency")).findFirst().orElseThrow())
                < lines.indexOf(lines.stream().filter(l -> l.startsWith("  a2b  DDL")).findFirst().orElseThrow()),
                "under its direction: " + lines);
    }

    @Test
    void shouldShowTheReverseDirectionHeldDuringTheFullSync() {
        StatusView view = new StatusView(new TaskRecord("t", "", TaskState.FULL_SYNC, "", 1, ERROR_AT), Map.of(),
                Map.of(), List.of(), Optional.empty(), ERROR_AT);
        List<String> lines = view.render(null);

        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  b2a") && l.contains("held until the full sync ends")),
                lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("  a2b") && l.contains("held")), lines.toString());
        assertFalse(a2bLine(ERROR_AT).contains("held"), "RUNNING holds nothing");
    }

    @Test
    void shouldShowCatchUpReplaysApartFromConflicts() {
        DirectionStatus a2b = new DirectionStatus("t", Direction.A2B, 40, "seq", "mysql-bin.000001:400", 10, 2, 1, "",
                ERROR_AT, Instant.EPOCH, ERROR_AT, Instant.EPOCH, 0, Optional.empty(), 4);
        DirectionStatus b2a = new DirectionStatus("t", Direction.B2A, 40, "seq", "mysql-bin.000001:400", 10, 2, 0, "",
                ERROR_AT, Instant.EPOCH, ERROR_AT);
        StatusView view = new StatusView(new TaskRecord("t", "", TaskState.RUNNING, "", 1, ERROR_AT),
                Map.of(Direction.A2B, a2b, Direction.B2A, b2a), Map.of(), List.of(), Optional.empty(), ERROR_AT);
        List<String> lines = view.render(null);

        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  a2b") && l.contains("conflicts 1  catch-up replays 4")),
                lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("  b2a") && l.contains("catch-up")), lines.toString());
        assertTrue(view.conflictCount() == 1, "replays are not conflicts");
    }

    @Test
    void shouldShowTheLatestScheduledVerificationWithWhatDiffers() {
        VerifyResult v = new VerifyResult(ERROR_AT, 3, 12_345, 2, 1.5, List.of("shop.items: 2 keys, e.g. [(7) differs]"),
                "");
        StatusView view = new StatusView(new TaskRecord("t", "", TaskState.RUNNING, "", 1, ERROR_AT), Map.of(),
                Map.of(), List.of(), Optional.empty(), Optional.of(v), ERROR_AT);
        assertTrue(view.render(null).contains("  last verification 2026-11-21T09:00:00Z: 3 tables, 12,345 rows, 2 keys"
                + " differ (duplex verify --repair): shop.items: 2 keys, e.g. [(7) differs]"), view.render(null).toString());
    }
}
