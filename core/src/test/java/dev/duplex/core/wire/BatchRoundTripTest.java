package dev.duplex.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.BinlogRange;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every field of a batch, not only its values, survives the wire. */
class BatchRoundTripTest {

    private static final BatchCodec CODEC = new BatchCodec();
    private static final String GTID_SET =
            "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:11-18,b4b2c8c8-2a6f-11ee-8d3a-0242ac120002:1-100";
    private static final List<String> COLS = List.of("id", "name", "note");

    @Test
    void shouldRoundTripTheDocumentedSample() {
        assertEquals(WireSamples.SAMPLE, CODEC.decode(WireSamples.SAMPLE_JSON));
        assertEquals(WireSamples.SAMPLE, CODEC.decode(CODEC.encode(WireSamples.SAMPLE)));
    }

    @Test
    void shouldRoundTripEveryFieldOfARichBatch() {
        Batch batch = richBatch(Direction.B2A, BatchKind.DML, true, new Batch.Fragment(3, false));
        Batch decoded = CODEC.decode(CODEC.encode(batch));
        assertEquals(batch, decoded);
        assertEquals(3, decoded.fragment().index());
        assertEquals(GTID_SET, decoded.range().to().gtidSet());
        assertEquals(batch.dedupId(), decoded.dedupId());
    }

    @ParameterizedTest
    @EnumSource(BatchKind.class)
    void shouldRoundTripEveryKind(BatchKind kind) {
        Batch batch = richBatch(Direction.A2B, kind, false, Batch.Fragment.WHOLE);
        assertEquals(batch, CODEC.decode(CODEC.encodeToString(batch)));
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void shouldRoundTripEveryDirection(Direction direction) {
        Batch batch = richBatch(direction, BatchKind.DML, false, new Batch.Fragment(0, false));
        assertEquals(batch, CODEC.decode(CODEC.encode(batch)));
    }

    @Test
    void shouldRoundTripSnapshotSeqAndEmptyGtids() {
        BinlogPosition at = new BinlogPosition("binlog.000001", 0);
        Seq seq = Seq.ofSnapshotChunk(at, 9_999_999_999L);
        Batch batch = new Batch(1, "t", Direction.A2B, "a", "g", seq, new BinlogRange(at, at), BatchKind.SNAPSHOT,
                true, Batch.Fragment.WHOLE, List.of(new Transaction(seq, "", Long.MIN_VALUE, List.of())));
        assertEquals(batch, CODEC.decode(CODEC.encode(batch)));
    }

    @Test
    void shouldRoundTripTheChainOfAFormatThreeBatchRightAfterItsSeq() {
        Seq seq = Seq.ofTransaction(WireSamples.START, 2);
        Seq prev = Seq.ofTransaction(WireSamples.START, 1);
        Batch batch = new Batch(Batch.FORMAT_VERSION, "t", Direction.A2B, "a", "a2b", seq,
                new BinlogRange(WireSamples.START, WireSamples.END), BatchKind.DML, false, new Batch.Fragment(2, false),
                List.of(new Transaction(seq, "", 1, List.of())), new Batch.Chain("m1x2-abc", "mysql:uuid-1", prev));
        String json = CODEC.encodeToString(batch);
        assertTrue(json.startsWith("{\"v\":3,"), json);
        assertTrue(json.contains("\"seq\":\"" + seq.text() + "\",\"chain\":{\"id\":\"m1x2-abc\",\"source\":"
                + "\"mysql:uuid-1\",\"prev\":\"" + prev.text() + "\"},\"kind\""), json);
        assertEquals(batch, CODEC.decode(json));
    }

    @Test
    void shouldRoundTripDdlWithoutDefaultDatabase() {
        Seq seq = Seq.ofTransaction(WireSamples.START, 0);
        Change ddl = new DdlChange("", "CREATE DATABASE `new \"db\"`\n  CHARACTER SET utf8mb4");
        Batch batch = new Batch(1, "t", Direction.A2B, "a", "a2b", seq, new BinlogRange(WireSamples.START,
                WireSamples.END), BatchKind.DDL, false, null, List.of(new Transaction(seq, "0-1-6", 1, List.of(ddl))));
        assertEquals(batch, CODEC.decode(CODEC.encode(batch)));
    }

    @Test
    void shouldDecodeConcurrentlyWithOneSharedCodec() throws Exception {
        Batch batch = richBatch(Direction.A2B, BatchKind.DML, false, Batch.Fragment.WHOLE);
        byte[] body = CODEC.encode(batch);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Batch>> results = pool.invokeAll(Collections.nCopies(64,
                    () -> CODEC.decode(CODEC.encode(CODEC.decode(body)))));
            for (Future<Batch> result : results) {
                assertEquals(batch, result.get());
            }
        }
    }

    @Test
    void shouldEncodeTheSameBatchToTheSameBytes() {
        Batch batch = richBatch(Direction.A2B, BatchKind.DML, true, Batch.Fragment.WHOLE);
        assertEquals(CODEC.encodeToString(batch), CODEC.encodeToString(CODEC.decode(CODEC.encode(batch))));
    }

    /** Three transactions: insert/update/delete with keys, a DDL, and unicode names. */
    private static Batch richBatch(Direction direction, BatchKind kind, boolean catchUp, Batch.Fragment fragment) {
        BinlogPosition from = new BinlogPosition("mysql-bin.000042", 157, "");
        BinlogPosition to = new BinlogPosition("mysql-bin.000043", 4_294_967_296L, GTID_SET);
        Seq s1 = Seq.ofTransaction(from, 0);
        Seq s2 = Seq.ofTransaction(new BinlogPosition("mysql-bin.000042", 9000), 0);
        Seq s3 = Seq.ofTransaction(new BinlogPosition("mysql-bin.000043", 4), fragment.index());
        List<Value> row1 = List.of(new Value.Int(1), new Value.Text("Zoë \uD83D\uDE00"), Value.Null.INSTANCE);
        List<Value> row2 = List.of(new Value.Int(1), new Value.Text("Zoe"), new Value.Json("{\"x\":1}"));
        Transaction t1 = new Transaction(s1, "3e11fa47-71ca-11e1-9e33-c80aa9429562:5", 1_732_000_000_123_456L,
                List.of(RowChange.insert("shop", "orders", COLS, List.of("id"), row1),
                        RowChange.update("shop", "orders", COLS, List.of("id"), row1, row2)));
        Transaction t2 = new Transaction(s2, "", 0, List.of(new DdlChange("shop", "ALTER TABLE t ADD c INT")));
        Transaction t3 = new Transaction(s3, "3e11fa47-71ca-11e1-9e33-c80aa9429562:18", Long.MAX_VALUE,
                List.of(RowChange.delete("shöp", "tablé `x`", COLS, List.of("id", "name"), row2),
                        RowChange.insert("shop", "no_key", List.of(), List.of(), List.of())));
        return new Batch(1, "shop-task", direction, direction.sourceNode(), direction.code(), s3,
                new BinlogRange(from, to), kind, catchUp, fragment, List.of(t1, t2, t3));
    }

    /** A table may name a column in any script: one that is not plain ASCII before the last is written too. */
    @Test
    void shouldRoundTripColumnNamesThatAreNotAllPlainAscii() {
        List<String> cols = List.of("id", "caf\u00e9", "note");
        RowChange row = RowChange.insert("db", "t", cols, List.of("id"),
                List.of(new Value.Int(1), new Value.Text("x"), Value.Null.INSTANCE));
        BinlogPosition at = new BinlogPosition("binlog.000001", 4);
        Transaction t = new Transaction(Seq.ofTransaction(at, 0), "", 0, List.of(row));
        Batch batch = new Batch(Batch.FORMAT_VERSION, "x", Direction.A2B, "a", "a2b", t.seq(),
                new BinlogRange(at, at), BatchKind.DML, false, null, List.of(t), new Batch.Chain("c", "s", Seq.ZERO));
        assertEquals(batch, CODEC.decode(CODEC.encode(batch)));
    }
}
