package dev.duplex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * duplex bench at a tiny size, so it keeps working: every row of the table must be there, with a
 * figure above zero wherever one must be, and both verifiers must have counted every row of the verify
 * part's table. No time is asserted; speed is what the bench reports.
 */
class BenchSmokeIT {
    private static final String LIVE = "Incremental A→B, live";
    private static final String WRITE_ONLY = "Incremental A→B, backlog of oltp_write_only";
    private static final String INSERT = "Incremental A→B, backlog of oltp_insert";
    private static final String TWO_WAY_LIVE = "Two-way A⇄B, live";
    private static final String TWO_WAY_BACKLOG = "Two-way A⇄B, backlog both ways at once";

    /** section | figure | peer ("" for Duplex-only rows): every row the table must have. */
    private static final List<String> ROWS = List.of(
            LIVE + "|latency p50|native replica, 1 thread", LIVE + "|latency p99|native replica, 1 thread",
            LIVE + "|latency max|native replica, 1 thread",
            LIVE + "|catch-up after the load stopped|native replica, 1 thread",
            LIVE + "|CPU capture a2b|", LIVE + "|CPU apply a2b|", LIVE + "|CPU b2a|",
            LIVE + "|CPU target server|native replica, 1 thread",
            LIVE + "|CPU total without the AWS stand-ins|native replica, 1 thread",
            LIVE + "|CPU of ElasticMQ, DynamoDB Local, GC, JIT|",
            LIVE + "|allocated per row change, capture a2b|", LIVE + "|allocated per row change, apply a2b|",
            LIVE + "|peak heap|",
            TWO_WAY_LIVE + "|a→b latency p50|native circular replication, 1 thread",
            TWO_WAY_LIVE + "|a→b latency p99|native circular replication, 1 thread",
            TWO_WAY_LIVE + "|b→a latency p50|native circular replication, 1 thread",
            TWO_WAY_LIVE + "|b→a latency p99|native circular replication, 1 thread",
            TWO_WAY_BACKLOG + "|a→b apply rate|native circular replication, 1 thread",
            TWO_WAY_BACKLOG + "|b→a apply rate|native circular replication, 1 thread",
            TWO_WAY_BACKLOG + "|a→b rows per applied message|", TWO_WAY_BACKLOG + "|b→a rows per applied message|",
            "Snapshot|copy rate|mydumper + myloader", "Snapshot|copy rate|mariadb-dump | mariadb",
            "Verification|verification rate|pt-table-checksum", "Verification|verification time|pt-table-checksum");
    /** The verify part's table: big enough for several chunks of both tools. */
    private static final int VERIFY_ROWS = 20_000;

    private static final List<String> BACKLOG_ROWS = List.of("|apply rate|native replica, 1 thread",
            "|apply rate|native replica, 4 parallel threads",
            "|apply CPU per 1000 row changes (apply a2b + target server)|native replica, 1 thread (server CPU)",
            "|apply threads busy|", "|target server busy during the drain|",
            "|lag of capture vs replica IO thread when the load stopped|native replica, 1 thread",
            "|capture a2b CPU per 1000 row changes|", "|rows per applied message|");

    @Test
    void shouldReportEveryFigureWithItsPeerAtATinySize(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("results.json");
        CliRun run = CliRun.of("bench", "--tables", "1", "--table-size", "200", "--time", "2", "--live-time", "2",
                "--threads", "2", "--snapshot-tables", "1", "--snapshot-rows", "500", "--verify-rows",
                Integer.toString(VERIFY_ROWS), "--capture-time", "1", "--out", json.toString(),
                "--work-dir", dir.resolve("work").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("| figure | unit | Duplex | peer | peer's figure | Duplex/peer | goal | note |"),
                run.out());
        assertTrue(Files.readString(dir.resolve("results.md")).contains("| latency p99 |"));

        JsonNode root = new ObjectMapper().readTree(Files.readString(json));
        JsonNode figures = root.get("figures");
        List<String> present = new ArrayList<>();
        for (JsonNode f : figures) {
            String key = f.get("section").asText() + "|" + f.get("figure").asText() + "|"
                    + (f.get("peer").isNull() ? "" : f.get("peer").asText());
            present.add(key);
            assertMeasured(key, f);
        }
        List<String> expected = new ArrayList<>(ROWS);
        for (String section : List.of(WRITE_ONLY, INSERT)) {
            BACKLOG_ROWS.forEach(r -> expected.add(section + r));
        }
        for (String recording : List.of("oltp_write_only", "oltp_insert", "mixed_types")) {
            for (String figure : List.of(": row changes/s per core", ": CPU per 1000 row changes",
                    ": allocated per row change")) {
                expected.add("Capture CPU|" + recording + figure + "|");
            }
        }
        for (String row : expected) {
            assertTrue(present.contains(row), "missing row " + row + " in " + present);
        }
        assertTrue(Files.exists(dir.resolve("profile.txt")), "the incremental part is profiled");
        assertBothVerifiersSawEveryRow(root.get("details").get("verify"));
    }

    /** Duplex's verifier and pt-table-checksum (on master and replica) counted the same rows, all equal. */
    private static void assertBothVerifiersSawEveryRow(JsonNode verify) {
        assertEquals(VERIFY_ROWS, verify.get("rows").asLong(), verify.toString());
        for (String count : List.of("duplexRowsA", "duplexRowsB", "ptRows", "ptReplicaRows")) {
            assertEquals(VERIFY_ROWS, verify.get(count).asLong(), count + " in " + verify);
        }
        for (String differences : List.of("duplexDifferences", "ptDiffs", "ptReplicaDifferingChunks")) {
            assertEquals(0, verify.get(differences).asLong(), differences + " in " + verify);
        }
    }

    /** Every row has Duplex's figure, and every figure is above zero. */
    private static void assertMeasured(String key, JsonNode f) {
        if (!f.get("peerValue").isNull()) {
            assertTrue(f.get("peerValue").asDouble() > 0, key + ": peer's figure " + f.get("peerValue"));
        }
        assertFalse(f.get("duplex").isNull(), key + " has no Duplex figure: " + f.get("note").asText());
        assertTrue(f.get("duplex").asDouble() > 0, key + ": Duplex's figure " + f.get("duplex"));
        assertFalse(f.get("unit").asText().isEmpty(), key + " has a unit");
    }
}
