package dev.duplex.core.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;

import java.io.IOException;
import java.util.List;

/**
 * Writes a batch in wire format v2 (v1 for a batch without a chain). Field order is fixed; "v"
 * comes first so readers can check it first.
 */
final class BatchEncoder {
    private static final SerializableString SEQ = new SerializedString("seq");
    private static final SerializableString GTID = new SerializedString("gtid");
    private static final SerializableString TS = new SerializedString("ts");
    private static final SerializableString CHANGES = new SerializedString("changes");
    private static final SerializableString OP = new SerializedString("op");
    private static final SerializableString DB = new SerializedString("db");
    private static final SerializableString TABLE = new SerializedString("table");
    private static final SerializableString COLS = new SerializedString("cols");
    private static final SerializableString KEY = new SerializedString("key");
    private static final SerializableString BEFORE = new SerializedString("before");
    private static final SerializableString AFTER = new SerializedString("after");

    private BatchEncoder() {}

    static void write(JsonGenerator gen, Batch batch) throws IOException {
        gen.writeStartObject();
        gen.writeNumberField("v", batch.formatVersion());
        gen.writeStringField("task", batch.task());
        gen.writeStringField("dir", batch.direction().code());
        gen.writeStringField("origin", batch.origin());
        gen.writeStringField("group", batch.group());
        gen.writeStringField("seq", batch.seq().text());
        if (batch.chain() != null) {
            gen.writeObjectFieldStart("chain");
            gen.writeStringField("id", batch.chain().id());
            gen.writeStringField("source", batch.chain().source());
            gen.writeStringField("prev", batch.chain().prev().text());
            gen.writeEndObject();
        }
        gen.writeStringField("kind", batch.kind().code());
        gen.writeBooleanField("catchUp", batch.catchUp());
        gen.writeObjectFieldStart("frag");
        gen.writeNumberField("i", batch.fragment().index());
        gen.writeBooleanField("last", batch.fragment().last());
        gen.writeEndObject();
        gen.writeObjectFieldStart("range");
        writePosition(gen, "from", batch.range().from());
        writePosition(gen, "to", batch.range().to());
        gen.writeEndObject();
        gen.writeArrayFieldStart("txs");
        for (Transaction tx : batch.transactions()) {
            writeTransaction(gen, tx, batch.formatVersion());
        }
        gen.writeEndArray();
        gen.writeEndObject();
    }

    private static void writePosition(JsonGenerator gen, String name, BinlogPosition position) throws IOException {
        gen.writeObjectFieldStart(name);
        gen.writeStringField("file", position.file());
        gen.writeNumberField("pos", position.pos());
        gen.writeStringField("gtid", position.gtidSet());
        gen.writeEndObject();
    }

    private static void writeTransaction(JsonGenerator gen, Transaction tx, int version) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(SEQ);
        gen.writeString(tx.seq().text());
        gen.writeFieldName(GTID);
        gen.writeString(tx.gtid());
        gen.writeFieldName(TS);
        gen.writeNumber(tx.commitMicros());
        gen.writeFieldName(CHANGES);
        gen.writeStartArray();
        for (Change change : tx.changes()) {
            switch (change) {
                case RowChange row -> writeRow(gen, row);
                case DdlChange ddl -> writeDdl(gen, ddl, version);
            }
        }
        gen.writeEndArray();
        gen.writeEndObject();
    }

    /** A row's members, written per row: their names pre-encoded. */
    private static void writeRow(JsonGenerator gen, RowChange row) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(OP);
        gen.writeString(row.op().code());
        gen.writeFieldName(DB);
        gen.writeString(row.database());
        gen.writeFieldName(TABLE);
        gen.writeString(row.table());
        gen.writeFieldName(COLS);
        writeNames(gen, row.columns(), EncodedNames.COLUMNS.of(row.columns()));
        gen.writeFieldName(KEY);
        writeNames(gen, row.keyColumns(), EncodedNames.KEYS.of(row.keyColumns()));
        if (row.before() != null) {
            gen.writeFieldName(BEFORE);
            writeImage(gen, row.before());
        }
        if (row.after() != null) {
            gen.writeFieldName(AFTER);
            writeImage(gen, row.after());
        }
        gen.writeEndObject();
    }

    private static void writeDdl(JsonGenerator gen, DdlChange ddl, int version) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("ddl", ddl.statement());
        gen.writeStringField("db", ddl.database());
        if (ddl.session() != null) {
            if (version < Batch.FORMAT_VERSION) {
                // Dropping it would run the statement in the target's session: refuse instead.
                throw new IllegalArgumentException("a DDL change with its source session needs wire format "
                        + Batch.FORMAT_VERSION + ", but the batch is format " + version);
            }
            SessionJson.write(gen, ddl.session());
        }
        gen.writeEndObject();
    }

    /** @param encoded the same names pre-encoded, or null to write them as strings */
    private static void writeNames(JsonGenerator gen, List<String> names, SerializableString[] encoded)
            throws IOException {
        gen.writeStartArray();
        if (encoded != null) {
            for (SerializableString name : encoded) {
                gen.writeString(name);
            }
        } else {
            for (String name : names) {
                gen.writeString(name);
            }
        }
        gen.writeEndArray();
    }

    private static void writeImage(JsonGenerator gen, List<Value> image) throws IOException {
        gen.writeStartArray();
        for (Value value : image) {
            ValueCodec.write(gen, value);
        }
        gen.writeEndArray();
    }
}
