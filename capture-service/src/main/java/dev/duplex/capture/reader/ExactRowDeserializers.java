package dev.duplex.capture.reader;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.DeleteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.UpdateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.WriteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.BitSet;
import java.util.Map;

/**
 * The library's row deserializers with {@link ExactCells} for the types it would decode lossily,
 * MariaDB's compressed columns inflated ({@link CompressedColumns}), and rows of Duplex's own
 * transactions skipped undecoded ({@link OwnTransactions}).
 */
final class ExactRowDeserializers {
    private ExactRowDeserializers() {}

    static final class Write extends WriteRowsEventDataDeserializer {
        private final OwnTransactions own;
        private final CompressedColumns.Rows compressed;

        Write(Map<Long, TableMapEventData> tables, OwnTransactions own, CompressedColumns.Rows compressed) {
            super(tables);
            this.own = own;
            this.compressed = compressed;
        }

        @Override
        protected Serializable[] deserializeRow(long tableId, BitSet included, ByteArrayInputStream in)
                throws IOException {
            return compressed.inflated(tableId, included, super.deserializeRow(tableId, included, in));
        }

        @Override
        public WriteRowsEventData deserialize(ByteArrayInputStream in) throws IOException {
            return own.skipping() ? new SkippedRows.Write(in) : super.deserialize(in);
        }

        @Override
        protected Serializable deserializeCell(ColumnType type, int meta, int length, ByteArrayInputStream in)
                throws IOException {
            return ExactCells.handles(type) ? ExactCells.read(type, meta, in) : super.deserializeCell(type, meta, length, in);
        }
    }

    static final class Update extends UpdateRowsEventDataDeserializer {
        private final OwnTransactions own;
        private final CompressedColumns.Rows compressed;

        Update(Map<Long, TableMapEventData> tables, OwnTransactions own, CompressedColumns.Rows compressed) {
            super(tables);
            this.own = own;
            this.compressed = compressed;
        }

        @Override
        protected Serializable[] deserializeRow(long tableId, BitSet included, ByteArrayInputStream in)
                throws IOException {
            return compressed.inflated(tableId, included, super.deserializeRow(tableId, included, in));
        }

        @Override
        public UpdateRowsEventData deserialize(ByteArrayInputStream in) throws IOException {
            return own.skipping() ? new SkippedRows.Update(in) : super.deserialize(in);
        }

        @Override
        protected Serializable deserializeCell(ColumnType type, int meta, int length, ByteArrayInputStream in)
                throws IOException {
            return ExactCells.handles(type) ? ExactCells.read(type, meta, in) : super.deserializeCell(type, meta, length, in);
        }
    }

    static final class Delete extends DeleteRowsEventDataDeserializer {
        private final OwnTransactions own;
        private final CompressedColumns.Rows compressed;

        Delete(Map<Long, TableMapEventData> tables, OwnTransactions own, CompressedColumns.Rows compressed) {
            super(tables);
            this.own = own;
            this.compressed = compressed;
        }

        @Override
        protected Serializable[] deserializeRow(long tableId, BitSet included, ByteArrayInputStream in)
                throws IOException {
            return compressed.inflated(tableId, included, super.deserializeRow(tableId, included, in));
        }

        @Override
        public DeleteRowsEventData deserialize(ByteArrayInputStream in) throws IOException {
            return own.skipping() ? new SkippedRows.Delete(in) : super.deserialize(in);
        }

        @Override
        protected Serializable deserializeCell(ColumnType type, int meta, int length, ByteArrayInputStream in)
                throws IOException {
            return ExactCells.handles(type) ? ExactCells.read(type, meta, in) : super.deserializeCell(type, meta, length, in);
        }
    }
}
