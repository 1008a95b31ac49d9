package dev.duplex.capture.assemble;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import dev.duplex.core.model.Op;
import java.io.Serializable;
import java.util.List;

/**
 * The rows of one row event, undecoded: decoding waits until the transaction is known to be
 * published (transactions Duplex applied itself and unselected tables are never decoded).
 *
 * @param position where the row event starts, for error messages
 */
public record CapturedRows(TableMapEventData table, Op op, List<Row> rows, String position) implements CapturedChange {
    public CapturedRows {
        rows = List.copyOf(rows);
    }

    /** Row images as the reader produced them; {@code before} is null for inserts, {@code after} for deletes. */
    public record Row(Serializable[] before, Serializable[] after) {}
}
