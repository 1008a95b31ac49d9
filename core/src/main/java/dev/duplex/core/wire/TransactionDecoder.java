package dev.duplex.core.wire;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.Op;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.SourceSession;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;

import java.io.IOException;
import java.util.List;

/** Reads one transaction and its changes. Members may come in any order, so they are collected first. */
final class TransactionDecoder {

    private TransactionDecoder() {}

    /** Reads the transaction object whose start is the cursor's current token, in a batch of {@code version}. */
    static Transaction read(JsonCursor in, int version) throws IOException {
        in.requireObject();
        TransactionFields fields = new TransactionFields(in, version);
        in.readFields(fields::read);
        return new Transaction(in.require(fields.seq, "seq"), in.require(fields.gtid, "gtid"),
                in.require(fields.commitMicros, "ts"), in.require(fields.changes, "changes"));
    }

    private static Change readChange(JsonCursor in, int version) throws IOException {
        in.requireObject();
        ChangeFields fields = new ChangeFields(in, version);
        in.readFields(fields::read);
        return fields.ddl != null ? fields.toDdl() : fields.toRow();
    }

    private static final class TransactionFields {
        private final JsonCursor in;
        private final int version;
        private Seq seq;
        private String gtid;
        private Long commitMicros;
        private List<Change> changes;

        TransactionFields(JsonCursor in, int version) {
            this.in = in;
            this.version = version;
        }

        boolean read(String name) throws IOException {
            switch (name) {
                case "seq" -> seq = Seq.parse(in.readString());
                case "gtid" -> gtid = in.readString();
                case "ts" -> commitMicros = in.readLong();
                case "changes" -> changes = in.readArray(() -> readChange(in, version));
                default -> {
                    return false;
                }
            }
            return true;
        }
    }

    /** The members of one change; a DDL change is told apart from a row change by its "ddl" key. */
    private static final class ChangeFields {
        private final JsonCursor in;
        private final int version;
        private String ddl;
        private SourceSession session;
        private Op op;
        private String db;
        private String table;
        private List<String> cols;
        private List<String> key;
        private List<Value> before;
        private List<Value> after;

        ChangeFields(JsonCursor in, int version) {
            this.in = in;
            this.version = version;
        }

        boolean read(String name) throws IOException {
            switch (name) {
                case "ddl" -> ddl = in.readString();
                case "op" -> op = Op.ofCode(in.readString());
                case "db" -> db = in.readString();
                case "table" -> table = in.readString();
                case "cols" -> cols = in.readArray(in::currentString);
                case "key" -> key = in.readArray(in::currentString);
                case "before" -> before = in.readArray(() -> ValueCodec.read(in));
                case "after" -> after = in.readArray(() -> ValueCodec.read(in));
                case "session" -> {
                    if (version < Batch.FORMAT_VERSION) {
                        return false; // a DDL session came with version 3: an unknown member before
                    }
                    session = SessionJson.read(in);
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        DdlChange toDdl() {
            if (op != null || table != null || cols != null || key != null || before != null || after != null) {
                throw in.fail("a change with 'ddl' carries only 'ddl', 'db' and 'session', but this one also has row "
                        + "fields");
            }
            return new DdlChange(in.require(db, "db"), ddl, session);
        }

        RowChange toRow() {
            if (session != null) {
                throw in.fail("'session' belongs to a DDL change, but this change has no 'ddl'");
            }
            in.require(op, "op");
            if (op != Op.INSERT && before == null) {
                throw in.fail("missing required field 'before': op '" + op.code() + "' needs the row's before image");
            }
            if (op != Op.DELETE && after == null) {
                throw in.fail("missing required field 'after': op '" + op.code() + "' needs the row's after image");
            }
            return new RowChange(op, in.require(db, "db"), in.require(table, "table"), in.require(cols, "cols"),
                    in.require(key, "key"), before, after);
        }
    }
}
