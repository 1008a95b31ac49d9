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
import dev.duplex.core.model.SessionVariable;
import dev.duplex.core.model.SourceSession;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WireSizeTest {

    private static final List<Value> EDGES = List.of(Value.Null.INSTANCE, new Value.Int(Long.MIN_VALUE),
            Value.UInt.parse("18446744073709551615"), new Value.Decimal(new BigDecimal("-12345678901234567890.123456789")),
            new Value.Float32(-1.17549435E-38f), new Value.Float64(-4.9E-324), new Value.Bit(-1L, 64),
            new Value.Bytes(new byte[] {0, 1, 2, (byte) 255, 7}), new Value.Geometry(new byte[25]),
            new Value.Date("0000-00-00"), new Value.Time("-838:59:59.000000"),
            new Value.DateTime("2024-02-29 23:59:59.999999"), new Value.Timestamp("1970-01-01 00:00:01"),
            new Value.Year(2155), new Value.Enum("\"quoted\""), new Value.Set("a,b"),
            new Value.Json("{\"k\":[1,\"\\u0000\"]}"),
            new Value.Text("ctl\u0000\t\n \\ \" é € \uD83D\uDE00 \uFFFE\uFFFF"));

    @Test
    void shouldNeverUnderestimateTheEncodedSize() {
        List<String> cols = EDGES.stream().map(v -> "c" + v.getClass().getSimpleName()).toList();
        RowChange update = RowChange.update("db\u00e9", "t\"", cols, List.of(cols.get(1)), EDGES, EDGES);
        RowChange insert = RowChange.insert("db", "t", cols, List.of(cols.get(1)), EDGES);
        List<Change> changes = List.of(update, insert, new DdlChange("db", "ALTER TABLE `t` ADD `c\u00e9` INT"));
        BinlogPosition from = new BinlogPosition("mysql-bin.000123", 4_000_000_000L, "");
        BinlogPosition to = new BinlogPosition("mysql-bin.000123", 4_000_001_000L,
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-123456789,0-1-99");
        Transaction t1 = new Transaction(Seq.ofTransaction(from, 0), "3e11fa47-71ca-11e1-9e33-c80aa9429562:123",
                Long.MAX_VALUE, changes);
        Transaction t2 = new Transaction(Seq.ofTransaction(from.withPos(4_000_000_500L), 0), "", 0, List.of(insert));
        Batch batch = new Batch(Batch.V1, "a-task-name-of-forty-characters-xxxxxxxx", Direction.B2A, "b",
                "b2a", t2.seq(), new BinlogRange(from, to), BatchKind.DML, false, new Batch.Fragment(12, false),
                List.of(t1, t2));
        long actual = new BatchCodec().encode(batch).length;
        long estimate = WireSize.batchOverhead(batch.task(), from.file(), from.gtidSet(), 2) + WireSize.string(to.gtidSet())
                + WireSize.transaction(t1) + WireSize.transaction(t2);
        assertTrue(estimate >= actual, "estimate " + estimate + " < actual " + actual);
        assertTrue(estimate < actual * 2, "estimate " + estimate + " far above actual " + actual);
    }

    /** Every session variable at its longest: the bound still holds (format 3, where a session may travel). */
    @Test
    void shouldNeverUnderestimateADdlWithItsSession() {
        Map<SessionVariable, String> vars = new EnumMap<>(SessionVariable.class);
        for (SessionVariable v : SessionVariable.values()) {
            vars.put(v, switch (v.kind()) {
                case FLAG -> "1";
                case NUMBER -> "65535";
                case NAME -> "n".repeat(64);
                case TEXT -> switch (v) {
                    case TIME_ZONE -> "z".repeat(64);
                    case SQL_MODE -> "STRICT_ALL_TABLES,".repeat(30) + "ANSI";
                    default -> "utf8mb4=utf8mb4_bin,".repeat(20) + "latin1=latin1_bin";
                };
            });
        }
        DdlChange ddl = new DdlChange("db", "ALTER TABLE t ADD c INT", new SourceSession(Long.MAX_VALUE,
                SourceSession.Server.MARIADB, vars));
        BinlogPosition p = new BinlogPosition("f.000001", 4);
        Transaction t = new Transaction(Seq.ofTransaction(p, 0), "", 0, List.of(ddl));
        Batch b = new Batch(Batch.FORMAT_VERSION, "x", Direction.A2B, "a", "a2b", t.seq(), new BinlogRange(p, p),
                BatchKind.DDL, false, null, List.of(t), new Batch.Chain("c", "s", Seq.ZERO));
        long actual = new BatchCodec().encode(b).length;
        long estimate = WireSize.batchOverhead("x", "f.000001", "", 1) + WireSize.transaction(t);
        assertTrue(estimate >= actual, "estimate " + estimate + " < actual " + actual);
        assertTrue(WireSize.change(ddl) > WireSize.change(new DdlChange("db", "ALTER TABLE t ADD c INT")),
                "the session counts");
    }

    @Test
    void shouldBoundEveryValueFamilyAlone() {
        BatchCodec codec = new BatchCodec();
        for (Value v : EDGES) {
            RowChange r = RowChange.insert("d", "t", List.of("c"), List.of("c"), List.of(v));
            BinlogPosition p = new BinlogPosition("f.000001", 4);
            Transaction t = new Transaction(Seq.ofTransaction(p, 0), "", 0, List.of(r));
            Batch b = new Batch(Batch.V1, "x", Direction.A2B, "a", "a2b", t.seq(), new BinlogRange(p, p),
                    BatchKind.DML, false, null, List.of(t));
            long estimate = WireSize.batchOverhead("x", "f.000001", "", 1) + WireSize.transaction(t);
            assertTrue(estimate >= codec.encode(b).length, v + ": estimate too small");
        }
    }

    @Test
    void shouldCountADecimalsPlainTextExactly() {
        for (String d : List.of("0", "0.000", "0E+3", "-0.5", "12.50", "-12.50", "0.0012", "-0.0012", "1E+5", "-7E+2",
                "123456789012345678901234567890.123456789", "99999999.999", "-14331737.485", "5")) {
            BigDecimal v = new BigDecimal(d);
            assertEquals(v.toPlainString().length(), WireSize.plainLength(v), d);
        }
    }

    /**
     * A varied set of what capture sends (rows of every value family with random text, DDL with and
     * without a session, heartbeats; catch-up, fragments, the chain): the count never falls below
     * the encoded size, and over a batch of many rows stays within twice of it.
     */
    @Test
    void shouldBoundEveryKindOfBatchTheCaptureSends() {
        BatchCodec codec = new BatchCodec();
        Random random = new Random(22);
        for (int round = 0; round < 200; round++) {
            List<Change> changes = new ArrayList<>();
            int rows = 1 + random.nextInt(60);
            for (int i = 0; i < rows; i++) {
                changes.add(randomRow(random));
            }
            BatchKind kind = BatchKind.DML;
            if (round % 5 == 1) {
                changes = List.of(heartbeat(random));
                kind = BatchKind.HEARTBEAT;
            } else if (round % 5 == 2) {
                changes = List.of(new DdlChange(text(random, 12), "ALTER TABLE t ADD c" + text(random, 8) + " INT",
                        round % 10 == 2 ? null : new SourceSession(random.nextLong() & Long.MAX_VALUE, SourceSession.Server.MARIADB,
                                Map.of(SessionVariable.SQL_MODE, "STRICT_TRANS_TABLES", SessionVariable.TIME_ZONE,
                                        "+00:00"))));
                kind = BatchKind.DDL;
            }
            BinlogPosition from = new BinlogPosition("mysql-bin." + (100000 + round), 4 + random.nextInt(1 << 30),
                    round % 3 == 0 ? "" : "0-1-" + random.nextInt(1_000_000));
            BinlogPosition to = from.withPos(from.pos() + 1000);
            Transaction t = new Transaction(Seq.ofTransaction(from, 0), round % 2 == 0 ? "" : "0-1-" + round,
                    random.nextLong() & Long.MAX_VALUE, changes);
            Batch b = new Batch(Batch.FORMAT_VERSION, "task-" + round, Direction.A2B, "a", "a2b", t.seq(),
                    new BinlogRange(from, to), kind, round % 4 == 0, round % 7 == 0 ? new Batch.Fragment(round, false)
                    : null, List.of(t), new Batch.Chain("chain-" + round, "server-" + round, Seq.ZERO));
            long actual = codec.encode(b).length;
            long estimate = WireSize.batch(b.task(), from, to, 1, WireSize.transaction(t));
            assertTrue(estimate >= actual, "round " + round + ": estimate " + estimate + " < actual " + actual);
            if (rows >= 40 && kind == BatchKind.DML) {
                assertTrue(estimate < actual * 2, "round " + round + ": estimate " + estimate + " far above " + actual);
            }
        }
    }

    /**
     * Text is counted as the encoder writes it: two batches that differ only in one text differ by
     * exactly its count, but for the five controls JSON escapes short (\\b \\t \\n \\f \\r: two
     * bytes), which the count takes at the six of \\u00XX, so that it never has to know which.
     */
    @Test
    void shouldCountTextAsTheEncoderWritesIt() {
        BatchCodec codec = new BatchCodec();
        Random random = new Random(7);
        long base = codec.encode(oneText("")).length;
        for (int i = 0; i < 500; i++) {
            String s = text(random, random.nextInt(40));
            long grew = codec.encode(oneText(s)).length - base;
            long shortEscapes = s.chars().filter(c -> "\b\t\n\f\r".indexOf(c) >= 0).count();
            assertEquals(WireSize.string(s) - WireSize.string(""), grew + 4 * shortEscapes, "text " + s.codePoints()
                    .mapToObj(Integer::toHexString).toList());
        }
    }

    private static Batch oneText(String s) {
        BinlogPosition p = new BinlogPosition("f.000001", 4);
        RowChange r = RowChange.insert("d", "t", List.of("c"), List.of("c"), List.of(new Value.Text(s)));
        Transaction t = new Transaction(Seq.ofTransaction(p, 0), "", 0, List.of(r));
        return new Batch(Batch.FORMAT_VERSION, "x", Direction.A2B, "a", "a2b", t.seq(), new BinlogRange(p, p),
                BatchKind.DML, false, null, List.of(t), new Batch.Chain("c", "s", Seq.ZERO));
    }

    /** A row as the capture publishes it: two to five columns drawn from every value family. */
    private static RowChange randomRow(Random random) {
        int n = 2 + random.nextInt(4);
        List<String> cols = new ArrayList<>();
        List<Value> before = new ArrayList<>();
        List<Value> after = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cols.add("c" + i + text(random, random.nextInt(6)));
            before.add(randomValue(random));
            after.add(randomValue(random));
        }
        return switch (random.nextInt(3)) {
            case 0 -> RowChange.insert("db", "t" + random.nextInt(5), cols, List.of(cols.get(0)), after);
            case 1 -> RowChange.update("db", "t" + random.nextInt(5), cols, List.of(cols.get(0)), before, after);
            default -> RowChange.delete("db", "t", cols, List.of(cols.get(0)), before);
        };
    }

    private static Value randomValue(Random random) {
        return switch (random.nextInt(EDGES.size() + 3)) {
            case 0 -> new Value.Text(text(random, random.nextInt(200)));
            case 1 -> new Value.Int(random.nextLong());
            case 2 -> new Value.Decimal(new BigDecimal(random.nextLong()).movePointLeft(random.nextInt(30)));
            default -> EDGES.get(random.nextInt(EDGES.size()));
        };
    }

    /** The heartbeat row the capture publishes for its own task and node. */
    private static RowChange heartbeat(Random random) {
        List<String> names = List.of("task", "node", "ts");
        return RowChange.insert("duplex", "heartbeat", names, List.of("task", "node"), List.of(
                new Value.Text("task-" + random.nextInt(1000)), new Value.Text("a"),
                new Value.DateTime("2026-12-05 09:30:00." + (100000 + random.nextInt(900000)))));
    }

    /** Text with ASCII, quotes, controls, two- and three-byte characters, surrogate pairs and U+FFFE/U+FFFF. */
    private static String text(Random random, int length) {
        String pool = "abcXYZ019 _-\"\\\u0000\u001f\b\t\n\f\ré€ß\u4e2d\uFFFE\uFFFF";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (random.nextInt(20) == 0) {
                sb.appendCodePoint(0x1F600 + random.nextInt(40));
            } else {
                sb.append(pool.charAt(random.nextInt(pool.length())));
            }
        }
        return sb.toString();
    }
}
