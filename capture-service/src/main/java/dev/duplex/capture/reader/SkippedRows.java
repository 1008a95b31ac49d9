package dev.duplex.capture.reader;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * A row event of a transaction Duplex wrote itself, after its marker ({@link OwnTransactions}):
 * only its table id is read, its rows are skipped undecoded (the library skips to the event's
 * end). The transaction is dropped whole, so no rows and no image check are needed.
 */
public sealed interface SkippedRows permits SkippedRows.Write, SkippedRows.Update, SkippedRows.Delete {
    long getTableId();

    /** The table id, the first 6 bytes of every row event's post-header. */
    private static long tableId(ByteArrayInputStream in) throws IOException {
        return in.readLong(6);
    }

    final class Write extends WriteRowsEventData implements SkippedRows {
        Write(ByteArrayInputStream in) throws IOException {
            setTableId(tableId(in));
            setRows(List.of());
        }
    }

    final class Update extends UpdateRowsEventData implements SkippedRows {
        Update(ByteArrayInputStream in) throws IOException {
            setTableId(tableId(in));
            setRows(List.of());
        }
    }

    final class Delete extends DeleteRowsEventData implements SkippedRows {
        Delete(ByteArrayInputStream in) throws IOException {
            setTableId(tableId(in));
            setRows(List.of());
        }
    }
}
