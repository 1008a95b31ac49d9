package dev.duplex.core.wire;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.BinlogRange;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Batches shared by the wire tests. */
final class WireSamples {

    static final BinlogPosition START = new BinlogPosition("mysql-bin.000003", 4, "0-1-5");
    static final BinlogPosition END = new BinlogPosition("mysql-bin.000003", 900, "0-1-7");

    /** The batch of docs/wire-format.md, whose encoding is {@link #SAMPLE_JSON}. */
    static final Batch SAMPLE = new Batch(1, "shop", Direction.A2B, "a", "a2b", Seq.ofTransaction(START, 0),
            new BinlogRange(START, END), BatchKind.DML, false, Batch.Fragment.WHOLE,
            List.of(new Transaction(Seq.ofTransaction(START, 0), "0-1-7", 1732000000123456L, List.of(
                    RowChange.update("shop", "orders", List.of("id", "total"), List.of("id"),
                            List.of(new Value.Int(1), new Value.Decimal(new BigDecimal("9.50"))),
                            List.of(new Value.Int(1), new Value.Decimal(new BigDecimal("10.00")))),
                    new DdlChange("shop", "ALTER TABLE t ADD c INT")))));

    static final String SAMPLE_JSON = """
            {"v":1,"task":"shop","dir":"a2b","origin":"a","group":"a2b",\
            "seq":"0000000003.0000000000004.1.0000000000","kind":"dml","catchUp":false,\
            "frag":{"i":0,"last":true},\
            "range":{"from":{"file":"mysql-bin.000003","pos":4,"gtid":"0-1-5"},\
            "to":{"file":"mysql-bin.000003","pos":900,"gtid":"0-1-7"}},\
            "txs":[{"seq":"0000000003.0000000000004.1.0000000000","gtid":"0-1-7","ts":1732000000123456,\
            "changes":[{"op":"u","db":"shop","table":"orders","cols":["id","total"],"key":["id"],\
            "before":[1,{"dec":"9.50"}],"after":[1,{"dec":"10.00"}]},\
            {"ddl":"ALTER TABLE t ADD c INT","db":"shop"}]}]}""";

    private WireSamples() {}

    /** A one-row insert batch carrying {@code values} in columns c0, c1, ... */
    static Batch insertOf(Value... values) {
        List<String> cols = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            cols.add("c" + i);
        }
        Seq seq = Seq.ofTransaction(START, 0);
        RowChange row = RowChange.insert("db", "t", cols, List.of(), Arrays.asList(values));
        return new Batch(1, "task", Direction.A2B, "a", "a2b", seq, new BinlogRange(START, END), BatchKind.DML,
                false, Batch.Fragment.WHOLE, List.of(new Transaction(seq, "", 0, List.of(row))));
    }

    /** The JSON of the after image of a one-value insert: the exact wire form of that value. */
    static String wireFormOf(Value value) {
        String json = new BatchCodec().encodeToString(insertOf(value));
        int start = json.indexOf("\"after\":[") + "\"after\":[".length();
        int end = json.lastIndexOf("]}]}]}");
        return json.substring(start, end);
    }
}
