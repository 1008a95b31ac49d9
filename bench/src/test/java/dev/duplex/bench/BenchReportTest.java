package dev.duplex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    private static BenchReport sample() {
        BenchReport r = new BenchReport();
        r.environment("machine", "2 CPUs");
        r.section("Incremental", "oltp_write_only | 30 s");
        r.add(Figure.of("Incremental", "apply rate", "rows/s", 3000, 2000, "native replica, 1 thread")
                .withGoal(new Figure.Goal.RatioAtLeast(1.0)));
        r.add(Figure.of("Incremental", "latency p99", "ms", 1500, 40, "native replica, 1 thread")
                .withGoal(new Figure.Goal.DuplexBelow(1000, "ms")));
        r.add(Figure.duplexOnly("Incremental", "CPU apply a2b", "s", 1.25, "poller thread"));
        r.add(Figure.unavailable("Snapshot", "copy rate", "rows/s", OptionalDouble.of(50000), "mydumper + myloader",
                "not available (full sync not implemented in this build)"));
        r.method("rows counted from the binlog");
        return r;
    }

    @Test
    void shouldPrintEachFigureWithItsPeerRatioAndGoalInOneTable() {
        String md = sample().markdown();
        assertTrue(md.contains("| figure | unit | Duplex | peer | peer's figure | Duplex/peer | goal | note |"), md);
        assertTrue(md.contains("| apply rate | rows/s | 3,000 | native replica, 1 thread | 2,000 | 1.50 | ratio ≥ 1.00 ✓ |"),
                md);
        assertTrue(md.contains("| latency p99 | ms | 1,500 | native replica, 1 thread | 40 | 37.5 | < 1,000 ms ✗ |"), md);
        assertTrue(md.contains("| CPU apply a2b | s | 1.25 |  | — | — |  | poller thread |"), md);
        assertTrue(md.contains("| copy rate | rows/s | — | mydumper + myloader | 50,000 | — |  | not available"), md);
        assertTrue(md.contains("**Incremental** — oltp_write_only \\| 30 s"), "a pipe in a cell is escaped: " + md);
        assertTrue(md.indexOf("**Incremental**") < md.indexOf("**Snapshot**"), md);
        assertTrue(md.contains("- rows counted from the binlog"), md);
    }

    @Test
    void shouldMeetALatencyGoalOnlyUnderTheBoundAndWithinThreeTimesThePeer() {
        Figure.Goal goal = new Figure.Goal.Both(new Figure.Goal.DuplexBelow(1000, "ms"), new Figure.Goal.RatioAtMost(3.0));
        assertEquals(Optional.of(true), Figure.of("L", "latency p99", "ms", 120, 50, "replica").withGoal(goal).goalMet());
        assertEquals(Optional.of(false), Figure.of("L", "latency p99", "ms", 458, 49, "replica").withGoal(goal).goalMet(),
                "under 1 s, but 9x the replica's");
        assertEquals(Optional.of(false), Figure.of("L", "latency p99", "ms", 3000, 3200, "replica").withGoal(goal).goalMet(),
                "a busy machine cannot hide behind the ratio");
        assertEquals("< 1,000 ms and ratio ≤ 3.00", goal.text());
    }

    @Test
    void shouldWriteTheSameFiguresAsJson() throws Exception {
        JsonNode root = new ObjectMapper().readTree(sample().json());
        assertEquals(4, root.get("figures").size());
        JsonNode first = root.get("figures").get(0);
        assertEquals("apply rate", first.get("figure").asText());
        assertEquals(3000.0, first.get("duplex").asDouble());
        assertEquals(2000.0, first.get("peerValue").asDouble());
        assertEquals(1.5, first.get("ratio").asDouble());
        assertTrue(first.get("goalMet").asBoolean());
        JsonNode missing = root.get("figures").get(3);
        assertTrue(missing.get("duplex").isNull());
        assertTrue(missing.get("ratio").isNull());
        assertEquals("2 CPUs", root.get("environment").get("machine").asText());
    }

    @Test
    void shouldGiveNoRatioWithoutBothFigures() {
        Figure f = new Figure("s", "n", "u", OptionalDouble.of(1), OptionalDouble.of(0), "p", Optional.empty(), "");
        assertTrue(f.ratio().isEmpty(), "a zero peer has no ratio");
        assertFalse(Figure.duplexOnly("s", "n", "u", 1, "").goalMet().isPresent());
    }

    @Test
    void shouldFormatFiguresWithAboutThreeSignificantDigits() {
        assertEquals("12,346", Numbers.format(12345.6));
        assertEquals("123", Numbers.format(123.4));
        assertEquals("12.3", Numbers.format(12.34));
        assertEquals("1.23", Numbers.format(1.234));
        assertEquals("0.0012", Numbers.format(0.00123));
        assertEquals("0.00", Numbers.format(0));
    }
}
