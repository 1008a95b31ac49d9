package dev.duplex.aws.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.ConflictQuery;
import dev.duplex.core.store.ConflictRecord;
import dev.duplex.sandbox.AwsEndpoints;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** The conflict log on a real DynamoDB (DynamoDB Local): every record fits its 400 KB item limit. */
class DynamoConflictLogIT {
    private static AwsEndpoints aws;
    private static DynamoConflictLog log;
    private static StoreTables tables;

    @BeforeAll
    static void startDynamo() {
        aws = AwsEndpoints.forTests();
        tables = StoreTables.withPrefix("it-" + UUID.randomUUID().toString().substring(0, 8) + "-");
        TableSetup.createIfMissing(aws.dynamo(), tables);
        log = new DynamoConflictLog(aws.dynamo(), tables);
    }

    @AfterAll
    static void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    /** A row image with a {@code bytes}-long text value of mixed 1- to 4-byte characters, from {@code seed}. */
    private static String image(int bytes, long seed) {
        Random r = new Random(seed);
        String[] chars = {"a", "é", "€", "\uD83D\uDE00"};
        StringBuilder body = new StringBuilder(bytes);
        int size = 0;
        while (size < bytes) {
            String c = chars[r.nextInt(chars.length)];
            body.append(c);
            size += c.getBytes(StandardCharsets.UTF_8).length;
        }
        return "{\"id\":1,\"body\":\"" + body + "\"}";
    }

    private static ConflictRecord conflict(String task, String before, String after, String target) {
        return new ConflictRecord(task, Direction.A2B, "shop", "docs", "UPDATE_MISMATCH", "overwrite",
                "APPLY_INCOMING", "(id)=(1)", before, after, target, "seq-1", "mysql-bin.000001:4",
                Instant.parse("2030-01-01T00:00:00Z"));
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldStoreAConflictWithA2MbImageCutWithItsHashAndSize() throws Exception {
        long seed = 16;
        System.out.println("conflict log IT: image seed " + seed);
        String before = image(300 * 1024, seed);
        String after = image(300 * 1024, seed + 1);
        String target = image(2 * 1024 * 1024, seed + 2);
        log.record(conflict("big", before, after, target));

        ConflictRecord stored = log.recent("big", 1).get(0);
        Map<String, ConflictRecord.Truncated> cuts = stored.truncated().stream()
                .collect(Collectors.toMap(ConflictRecord.Truncated::field, t -> t));
        assertEquals(List.of("afterImage", "beforeImage", "targetRow"), cuts.keySet().stream().sorted().toList());
        for (var e : Map.of("beforeImage", before, "afterImage", after, "targetRow", target).entrySet()) {
            String whole = e.getValue();
            ConflictRecord.Truncated cut = cuts.get(e.getKey());
            assertEquals(whole.getBytes(StandardCharsets.UTF_8).length, cut.bytes(), e.getKey());
            assertEquals(sha256(whole), cut.sha256(), e.getKey());
        }
        long kept = bytes(stored.beforeImage()) + bytes(stored.afterImage()) + bytes(stored.targetRow());
        assertTrue(kept > 300 * 1024 && kept < 350 * 1024, "kept " + kept + " bytes of the images");
        assertTrue(target.startsWith(stored.targetRow()) && before.startsWith(stored.beforeImage())
                && after.startsWith(stored.afterImage()), "each keeps its first characters");
        assertEquals("(id)=(1)", stored.key());
    }

    @Test
    void shouldStoreImagesThatFitWhole() {
        String before = image(100 * 1024, 1);
        String target = image(1000, 2);
        log.record(conflict("small", before, "", target));
        ConflictRecord stored = log.recent("small", 1).get(0);
        assertEquals(List.of(), stored.truncated());
        assertEquals(before, stored.beforeImage());
        assertEquals(target, stored.targetRow());
        assertEquals("", stored.afterImage());
    }

    @Test
    void shouldClassifyTheRefusalOfAnItemOver400KbAsNotRetriable() {
        var tooLarge = assertThrows(DynamoDbException.class, () -> aws.dynamo().putItem(b -> b
                .tableName(tables.conflicts())
                .item(Map.of("task", AttributeValue.fromS("raw"), "item", AttributeValue.fromS("1"),
                        "beforeImage", AttributeValue.fromS(image(500 * 1024, 3))))));
        assertEquals("ValidationException", tooLarge.awsErrorDetails().errorCode(), tooLarge.toString());
        assertEquals(ErrorClassifier.Verdict.FAIL, ErrorClassifier.classify(
                new RetriableException("cannot write the conflict log", tooLarge)));
    }

    private static long bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static ConflictRecord at(String task, Direction d, String table, Instant when, String image) {
        return new ConflictRecord(task, d, "shop", table, "INSERT_DUPLICATE", "ignore", "KEEP_TARGET", "(id)=(1)", "",
                image, image, "seq", "mysql-bin.000001:4", when);
    }

    @Test
    void shouldRecordEveryConflictOfALargeBatchInRequestsOfTwentyFiveWithLargeImagesCut() throws Exception {
        String task = "many-" + UUID.randomUUID().toString().substring(0, 8);
        Instant t0 = Instant.parse("2030-03-01T00:00:00Z");
        String big = image(600 * 1024, 7); // over an item's 400 KB: cut, with its size and hash
        String bigHash = sha256(big);
        List<ConflictRecord> records = new ArrayList<>();
        for (int n = 0; n < 61; n++) {
            records.add(at(task, Direction.A2B, "items", t0.plusMillis(n), n % 20 == 3 ? big : "{\"id\":" + n + "}"));
        }
        log.recordAll(records);

        List<ConflictRecord> stored = log.query(task, ConflictQuery.all(100));
        assertEquals(61, stored.size(), "every record of three requests (25, 25, 11)");
        for (int n = 0; n < 61; n++) {
            ConflictRecord r = stored.get(60 - n);
            assertEquals(t0.plusMillis(n), r.detectedAt(), "newest first, each at its own time");
            if (n % 20 == 3) {
                assertTrue(big.startsWith(r.afterImage()) && r.afterImage().length() < big.length(), "cut: " + n);
                assertTrue(r.truncated().stream().anyMatch(t -> t.field().equals("afterImage")
                        && t.bytes() == bytes(big) && t.sha256().equals(bigHash)), "size and hash: " + n);
            } else {
                assertEquals("{\"id\":" + n + "}", r.afterImage());
                assertEquals(List.of(), r.truncated());
            }
        }
        log.recordAll(List.of()); // nothing to write: no request
        log.recordAll(List.of(at(task, Direction.B2A, "items", t0.plusSeconds(1), "{\"id\":99}")));
        assertEquals("{\"id\":99}", log.recent(task, 1).get(0).afterImage(), "one alone goes as before");
    }

    @Test
    void shouldQueryATasksConflictsSinceAnInstantByTableAndDirectionNewestFirstAcrossPages() {
        String task = "query-" + UUID.randomUUID().toString().substring(0, 8);
        Instant t0 = Instant.parse("2030-02-01T00:00:00Z");
        for (int n = 0; n < 3; n++) {
            log.record(at(task, Direction.A2B, "items", t0.plusMillis(n), "{\"id\":" + n + "}"));
        }
        // Newer conflicts of another table, each about 300 KB: a DynamoDB page (1 MB) holds three,
        // so the older items conflicts lie pages behind them.
        String big = image(300 * 1024, 18);
        for (int n = 0; n < 10; n++) {
            log.record(at(task, Direction.A2B, "docs", t0.plusSeconds(10).plusMillis(n), big));
        }
        Instant t2 = t0.plusSeconds(20);
        log.record(at(task, Direction.B2A, "items", t2, "{\"id\":10}"));
        log.record(at(task, Direction.B2A, "items", t2.plusMillis(1), "{\"id\":11}"));
        log.record(at(task, Direction.A2B, "items", t2.plusMillis(2), "{\"id\":12}"));

        List<ConflictRecord> items = log.query(task, new ConflictQuery(Instant.EPOCH, Optional.of("shop"),
                Optional.of("items"), Optional.empty(), 100));
        assertEquals(List.of("{\"id\":12}", "{\"id\":11}", "{\"id\":10}", "{\"id\":2}", "{\"id\":1}", "{\"id\":0}"),
                items.stream().map(ConflictRecord::afterImage).toList(), "newest first, past the other table's pages");

        List<ConflictRecord> recent = log.query(task, new ConflictQuery(t0.plusSeconds(1), Optional.empty(),
                Optional.of("items"), Optional.empty(), 100));
        assertEquals(3, recent.size(), "since excludes the older ones: " + recent);

        List<ConflictRecord> b2a = log.query(task, new ConflictQuery(Instant.EPOCH, Optional.empty(),
                Optional.empty(), Optional.of(Direction.B2A), 100));
        assertEquals(List.of("{\"id\":11}", "{\"id\":10}"), b2a.stream().map(ConflictRecord::afterImage).toList());

        List<ConflictRecord> newest = log.query(task, ConflictQuery.all(4));
        assertEquals(4, newest.size());
        assertEquals(t2.plusMillis(2), newest.get(0).detectedAt());
        assertEquals("docs", newest.get(3).table());
    }
}
