package dev.duplex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.apply.ApplyContext;
import dev.duplex.apply.ApplyStores;
import dev.duplex.apply.MessageApplier;
import dev.duplex.apply.RetryPolicy;
import dev.duplex.apply.SqsBatchProcessor;
import dev.duplex.apply.StatusRecorder;
import dev.duplex.apply.dml.StatementListener;
import dev.duplex.aws.store.DynamoConflictLog;
import dev.duplex.aws.store.DynamoStatusStore;
import dev.duplex.aws.store.DynamoTaskStore;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.aws.store.TableSetup;
import dev.duplex.core.config.SecretValue;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.BinlogRange;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import dev.duplex.core.wire.BatchCodec;
import dev.duplex.sandbox.AwsEndpoints;
import dev.duplex.sandbox.MySqlSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #18: the conflict ledger on a recorded run. Real conflicts go through the real apply
 * (MessageApplier on a MariaDB sandbox as node b, the conflict log on DynamoDB Local) under
 * overwrite; then {@code duplex conflicts} lists them, filters them and replays other policies
 * over them, in text and JSON, as a user runs it.
 */
class ConflictLedgerIT {
    private static final String TASK = "ledger";
    private static final String PREFIX = "it-ledger-";
    private static final List<String> ITEMS = List.of("id", "version", "val");
    private static final List<String> STAMPED = List.of("id", "val", "duplex_version");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static MySqlSandbox b;
    private static AwsEndpoints aws;
    @TempDir
    static Path dir;
    private static Path taskFile;

    @BeforeAll
    static void recordARun() throws Exception {
        CompletableFuture<AwsEndpoints> endpoints = CompletableFuture.supplyAsync(AwsEndpoints::forTests);
        b = MySqlSandbox.start("b", 2);
        aws = endpoints.join();
        StoreTables tables = StoreTables.withPrefix(PREFIX);
        TableSetup.createIfMissing(aws.dynamo(), tables);
        String yaml = "task: " + TASK + "\n"
                + "nodes:\n"
                + "  a: {host: 127.0.0.1, port: 1, user: duplex, password: env:DUPLEX_IT_A, tls: disabled}\n"
                + "  b: {host: " + b.host() + ", port: " + b.port() + ", user: " + b.user()
                + ", password: env:DUPLEX_IT_B, tls: disabled}\n"
                + "sync:\n  conflictPolicy: overwrite\n"
                + "objects:\n  - shop\n";
        taskFile = dir.resolve("task.yaml");
        Files.writeString(taskFile, yaml);
        var tasks = new DynamoTaskStore(aws.dynamo(), tables, Clock.systemUTC());
        tasks.put(TASK, yaml);
        try (Connection c = b.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE shop");
            st.execute("CREATE TABLE shop.items (id INT PRIMARY KEY, version INT, val VARCHAR(20))");
            st.execute("INSERT INTO shop.items VALUES (1, 5, 'b'), (2, 1, 'b'), (3, 9, 'b')");
            st.execute("CREATE TABLE shop.stamped (id INT PRIMARY KEY, val VARCHAR(20), duplex_version TIMESTAMP(6) NOT"
                    + " NULL)");
            st.execute("INSERT INTO shop.stamped VALUES (1, 'b', '2026-01-01 00:00:02'), (2, 'b', '2026-01-01 00:00:01')");
        }
        List<Change> changes = List.of(
                RowChange.insert("shop", "items", ITEMS, List.of("id"), List.of(i(1), i(9), s("a"))),
                RowChange.insert("shop", "items", ITEMS, List.of("id"), List.of(i(2), i(0), s("a"))),
                RowChange.insert("shop", "items", ITEMS, List.of("id"), List.of(i(3), i(9), s("a"))),
                RowChange.update("shop", "items", ITEMS, List.of("id"), List.of(i(4), i(1), s("x")),
                        List.of(i(4), i(2), s("y"))),
                RowChange.delete("shop", "items", ITEMS, List.of("id"), List.of(i(5), i(1), s("gone"))),
                RowChange.insert("shop", "stamped", STAMPED, List.of("id"), List.of(i(1), s("a"),
                        new Value.Timestamp("2026-01-01 00:00:01.000000"))),
                RowChange.insert("shop", "stamped", STAMPED, List.of("id"), List.of(i(2), s("a"),
                        new Value.Timestamp("2026-01-01 00:00:01.000000"))));
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        long pos = 100;
        for (Change change : changes) {
            messages.add(message(batch(pos, change)));
            pos += 100;
        }
        ApplyStores stores = new ApplyStores(tasks, new DynamoStatusStore(aws.dynamo(), tables),
                new DynamoConflictLog(aws.dynamo(), tables));
        try (ApplyContext ctx = new ApplyContext(TASK, Direction.A2B, stores, ref -> new SecretValue(b.password()),
                Clock.systemUTC())) {
            StatusRecorder recorder = new StatusRecorder(stores.status(), TASK, Direction.A2B, Clock.systemUTC(),
                    Duration.ZERO);
            SqsBatchProcessor processor = new SqsBatchProcessor(ctx,
                    new MessageApplier(ctx, recorder, RetryPolicy.NO_RETRY, StatementListener.NONE), recorder, 0);
            SQSEvent event = new SQSEvent();
            event.setRecords(messages);
            assertTrue(processor.process(event).getBatchItemFailures().isEmpty(), "every conflict is overwritten");
        }
    }

    @AfterAll
    static void stop() {
        try {
            if (aws != null) {
                aws.close();
            }
        } finally {
            if (b != null) {
                b.close();
            }
        }
    }

    private static CliRun conflicts(String... extra) {
        return conflictsOf(taskFile, extra);
    }

    private static CliRun conflictsOf(Path file, String... extra) {
        List<String> args = new ArrayList<>(List.of("conflicts", "-c", file.toString(), "--dynamodb-endpoint",
                aws.dynamoEndpoint().toString(), "--table-prefix", PREFIX));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void shouldListEachRecordedConflictWithItsRowsPolicyAndDecision() {
        CliRun run = conflicts();
        System.out.println("duplex conflicts:\n" + run.out());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("a2b  shop.items  INSERT_DUPLICATE  (id)=(2)  overwrite -> APPLY_INCOMING"),
                run.out());
        assertTrue(run.out().contains("a2b  shop.items  UPDATE_MISSING  (id)=(4)  overwrite -> APPLY_INCOMING"),
                run.out());
        assertTrue(run.out().contains("a2b  shop.items  DELETE_MISSING  (id)=(5)  delete-missing-ignored -> KEEP_TARGET"),
                run.out());
        assertTrue(run.out().contains("    before -  after {\"id\":2,\"version\":0,\"val\":\"a\"}  target "
                + "{\"id\":2,\"version\":1,\"val\":\"b\"}"), run.out());
        assertTrue(run.out().contains("7 conflicts"), run.out());
    }

    @Test
    void shouldPrintTheConflictsAsJsonWithWholeImagesAndFilterByTableDirectionSinceAndLimit() throws Exception {
        JsonNode all = JSON.readTree(conflicts("--json").out());
        assertEquals(7, all.size(), all.toPrettyString());
        JsonNode stamped = JSON.readTree(conflicts("--json", "--table", "shop.stamped", "--since", "1h",
                "--direction", "a2b").out());
        assertEquals(2, stamped.size(), stamped.toPrettyString());
        JsonNode newest = stamped.get(0);
        assertEquals("stamped", newest.get("table").asText());
        assertEquals("(id)=(2)", newest.get("key").asText());
        assertEquals("overwrite", newest.get("policy").asText());
        assertEquals("APPLY_INCOMING", newest.get("decision").asText());
        assertEquals("a", newest.get("afterImage").get("val").asText());
        assertEquals("2026-01-01 00:00:01.000000", newest.get("afterImage").get("duplex_version").get("ts").asText());
        assertEquals("b", newest.get("targetRow").get("val").asText());
        assertTrue(newest.get("beforeImage").isNull());
        assertEquals(0, JSON.readTree(conflicts("--json", "--direction", "b2a").out()).size());
        assertEquals(0, JSON.readTree(conflicts("--json", "--since", "2100-01-01T00:00:00Z").out()).size());
        assertEquals(3, JSON.readTree(conflicts("--json", "--limit", "3").out()).size());
    }

    @Test
    void shouldPrintWhichConflictsAnotherPolicyWouldHaveDecidedOtherwise() throws Exception {
        CliRun useMax = conflicts("--replay-policy", "useMax:version");
        System.out.println("duplex conflicts --replay-policy useMax:version:\n" + useMax.out());
        assertEquals(0, useMax.exitCode(), useMax.err());
        assertTrue(useMax.out().contains("shop.items  INSERT_DUPLICATE  (id)=(2)  recorded APPLY_INCOMING (overwrite)"
                + "  replayed KEEP_TARGET (useMax(version))"), useMax.out());
        assertTrue(useMax.out().contains("7 conflicts, 1 would have ended differently under useMax:version, 0 undecidable"),
                useMax.out());

        CliRun ignore = conflicts("--replay-policy", "ignore");
        System.out.println("duplex conflicts --replay-policy ignore:\n" + ignore.out());
        assertTrue(ignore.out().contains("7 conflicts, 6 would have ended differently under ignore, 0 undecidable"),
                ignore.out());

        // items carries no duplex_version: undecidable there; on stamped the later version (the target's
        // row 1) would have been kept, and the tie on row 2 goes to node a's write, as overwrite did.
        JsonNode lww = JSON.readTree(conflicts("--replay-policy", "last-writer-wins", "--json").out());
        assertEquals(7, lww.get("conflicts").asInt(), lww.toPrettyString());
        assertEquals(1, lww.get("differing").asInt(), lww.toPrettyString());
        assertEquals(4, lww.get("undecidable").asInt(), lww.toPrettyString());
        JsonNode differs = lww.get("rows").get(0);
        assertEquals("stamped", differs.get("table").asText());
        assertEquals("(id)=(1)", differs.get("key").asText());
        assertEquals("APPLY_INCOMING", differs.get("decision").asText());
        assertEquals("KEEP_TARGET", differs.get("replayedDecision").asText());
        assertTrue(lww.get("rows").get(1).get("undecidable").asText().contains("no duplex_version"),
                lww.toPrettyString());
    }

    @Test
    void shouldNameTheFixWhenTheTaskOrItsStateCannotBeFound(@TempDir Path elsewhere) throws Exception {
        CliRun noState = CliRun.of("conflicts", "-c", taskFile.toString(), "--state-dir",
                elsewhere.resolve(".duplex").toString());
        assertEquals(1, noState.exitCode());
        assertTrue(noState.err().contains("no Duplex state in") && noState.err().contains("--state-dir DIR"),
                noState.err());
        assertTrue(Files.notExists(elsewhere.resolve(".duplex")), "nothing created where no state was");

        CliRun noTask = CliRun.of("conflicts", "-c", taskFile.toString(), "--dynamodb-endpoint",
                aws.dynamoEndpoint().toString(), "--table-prefix", "it-other-");
        assertEquals(1, noTask.exitCode());
        assertTrue(noTask.err().contains("no Duplex tables 'it-other-*'") && noTask.err().contains("--table-prefix"),
                noTask.err());
        Path otherTask = elsewhere.resolve("other.yaml");
        Files.writeString(otherTask, Files.readString(taskFile).replace("task: " + TASK, "task: elsewhere"));
        CliRun unknownTask = conflictsOf(otherTask);
        assertEquals(1, unknownTask.exitCode());
        assertTrue(unknownTask.err().contains("no task 'elsewhere' stored"), unknownTask.err());

        CliRun badPolicy = conflicts("--replay-policy", "newest-wins");
        assertEquals(2, badPolicy.exitCode());
        assertTrue(badPolicy.err().contains("useMax:COLUMN"), badPolicy.err());
    }

    private static Batch batch(long pos, Change change) {
        BinlogPosition at = new BinlogPosition("mysql-bin.000001", pos);
        Transaction tx = new Transaction(Seq.ofTransaction(at, 0), "", 1_700_000_000_000_000L + pos, List.of(change));
        return new Batch(Batch.FORMAT_VERSION, TASK, Direction.A2B, "a", QueueNames.defaultGroup(Direction.A2B),
                tx.seq(), new BinlogRange(at, new BinlogPosition("mysql-bin.000001", pos + 50)), BatchKind.DML, false,
                Batch.Fragment.WHOLE, List.of(tx), new Batch.Chain("ledger-chain", "ledger-source", Seq.ZERO));
    }

    private static SQSEvent.SQSMessage message(Batch batch) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId("m-" + batch.seq().text());
        m.setBody(new BatchCodec().encodeToString(batch));
        m.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        m.setEventSource("aws:sqs");
        return m;
    }

    private static Value i(long v) {
        return new Value.Int(v);
    }

    private static Value s(String v) {
        return new Value.Text(v);
    }
}
