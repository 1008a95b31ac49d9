package dev.duplex.core.wire;

import com.fasterxml.jackson.core.JsonToken;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.BinlogRange;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;

import java.io.IOException;
import java.util.List;

/** Reads the batch envelope; transactions and their changes are read by {@link TransactionDecoder}. */
final class BatchDecoder {

    private final JsonCursor in;
    private String task;
    private Direction direction;
    private String origin;
    private String group;
    private Seq seq;
    private BatchKind kind;
    private Boolean catchUp;
    private Batch.Fragment fragment;
    private BinlogRange range;
    private List<Transaction> transactions;
    private final int version;
    private Batch.Chain chain;

    private BatchDecoder(JsonCursor in, int version) {
        this.in = in;
        this.version = version;
    }

    static Batch read(JsonCursor in) throws IOException {
        JsonToken first = in.next();
        if (first != JsonToken.START_OBJECT) {
            throw in.fail("body must be a JSON object, got " + JsonCursor.describe(first));
        }
        BatchDecoder decoder = new BatchDecoder(in, readVersion(in));
        in.readFields(decoder::readField);
        Batch batch = decoder.build();
        in.expectEnd();
        return batch;
    }

    /**
     * The version is checked before anything else so that a body from a newer writer is
     * reported as such, not as whatever shape change the newer version happens to make.
     */
    private static int readVersion(JsonCursor in) throws IOException {
        String name = in.nextField();
        if (!"v".equals(name)) {
            throw in.fail("missing wire format version: the first field must be \"v\""
                    + (name == null ? "" : ", got '" + name + "'"));
        }
        in.enter("v");
        long version = in.readLong();
        if (version > Batch.FORMAT_VERSION) {
            throw in.fail("unsupported wire format version " + version + "; this build reads " + Batch.V1 + " to "
                    + Batch.FORMAT_VERSION + ": upgrade the reader (apply function) to a build that reads version "
                    + version);
        }
        if (version < Batch.V1) {
            throw in.fail("invalid wire format version " + version + "; this build reads " + Batch.V1 + " to "
                    + Batch.FORMAT_VERSION);
        }
        in.leave();
        return (int) version;
    }

    private boolean readField(String name) throws IOException {
        switch (name) {
            case "task" -> task = in.readString();
            case "dir" -> direction = Direction.ofCode(in.readString());
            case "origin" -> origin = in.readString();
            case "group" -> group = in.readString();
            case "seq" -> seq = Seq.parse(in.readString());
            case "kind" -> kind = BatchKind.ofCode(in.readString());
            case "catchUp" -> catchUp = in.readBoolean();
            case "frag" -> fragment = readFragment(in);
            case "range" -> range = readRange(in);
            case "txs" -> transactions = in.readArray(() -> TransactionDecoder.read(in, version));
            case "chain" -> {
                if (version == Batch.V1) {
                    return false; // version 1 has no chain: an unknown member there
                }
                chain = readChain(in);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private Batch build() {
        return new Batch(version, in.require(task, "task"), in.require(direction, "dir"),
                in.require(origin, "origin"), in.require(group, "group"), in.require(seq, "seq"),
                in.require(range, "range"), in.require(kind, "kind"), in.require(catchUp, "catchUp"),
                in.require(fragment, "frag"), in.require(transactions, "txs"),
                version == Batch.V1 ? null : in.require(chain, "chain"));
    }

    private static Batch.Chain readChain(JsonCursor in) throws IOException {
        in.startObject();
        String[] texts = new String[3];
        in.readFields(name -> {
            switch (name) {
                case "id" -> texts[0] = in.readString();
                case "source" -> texts[1] = in.readString();
                case "prev" -> texts[2] = in.readString();
                default -> {
                    return false;
                }
            }
            return true;
        });
        return new Batch.Chain(in.require(texts[0], "id"), in.require(texts[1], "source"),
                Seq.parse(in.require(texts[2], "prev")));
    }

    private static Batch.Fragment readFragment(JsonCursor in) throws IOException {
        in.startObject();
        Integer[] index = {null};
        Boolean[] last = {null};
        in.readFields(name -> {
            switch (name) {
                case "i" -> index[0] = in.readInt();
                case "last" -> last[0] = in.readBoolean();
                default -> {
                    return false;
                }
            }
            return true;
        });
        return new Batch.Fragment(in.require(index[0], "i"), in.require(last[0], "last"));
    }

    private static BinlogRange readRange(JsonCursor in) throws IOException {
        in.startObject();
        BinlogPosition[] ends = new BinlogPosition[2];
        in.readFields(name -> {
            switch (name) {
                case "from" -> ends[0] = readPosition(in);
                case "to" -> ends[1] = readPosition(in);
                default -> {
                    return false;
                }
            }
            return true;
        });
        return new BinlogRange(in.require(ends[0], "from"), in.require(ends[1], "to"));
    }

    private static BinlogPosition readPosition(JsonCursor in) throws IOException {
        in.startObject();
        String[] texts = new String[2];
        Long[] pos = {null};
        in.readFields(name -> {
            switch (name) {
                case "file" -> texts[0] = in.readString();
                case "pos" -> pos[0] = in.readLong();
                case "gtid" -> texts[1] = in.readString();
                default -> {
                    return false;
                }
            }
            return true;
        });
        return new BinlogPosition(in.require(texts[0], "file"), in.require(pos[0], "pos"),
                in.require(texts[1], "gtid"));
    }
}
