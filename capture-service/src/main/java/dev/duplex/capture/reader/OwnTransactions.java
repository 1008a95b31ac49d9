package dev.duplex.capture.reader;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import dev.duplex.core.sql.DuplexSchema;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * Knows, while reading, that the transaction being read was written by Duplex: one of its row
 * events was on an apply marker table ({@link DuplexSchema#isApplyMarker}), which makes the
 * select stage drop the whole transaction (loop prevention). The rows after that marker need not
 * be decoded at all: the apply writes its marker first in each transaction, so on the other
 * node's capture nearly every row Duplex applied is skipped undecoded. Only the reader thread
 * uses it.
 *
 * <p>Skipping ends at the first event that is not a table map, a row event or a statement's
 * annotation, so it never outlives the transaction: every transaction starts with a GTID event (or
 * BEGIN) and ends with XID (or COMMIT), and a reconnect starts with a rotate and a format description.
 */
final class OwnTransactions {
    /** Events that occur between the row events of one transaction; any other one ends the skipping. */
    private static final Set<EventType> WITHIN = EnumSet.of(EventType.TABLE_MAP, EventType.WRITE_ROWS,
            EventType.UPDATE_ROWS, EventType.DELETE_ROWS, EventType.EXT_WRITE_ROWS, EventType.EXT_UPDATE_ROWS,
            EventType.EXT_DELETE_ROWS, EventType.ANNOTATE_ROWS, EventType.ROWS_QUERY);

    /** Ids the binlog gives marker tables now (a table map names each table before its rows). */
    private final Set<Long> markers = new HashSet<>();
    private boolean skipping;

    /** Whether the row event about to be read belongs to a transaction known to be Duplex's own. */
    boolean skipping() {
        return skipping;
    }

    /** Called with every table map read: an id may pass from one table to another. */
    void mapped(TableMapEventData table) {
        if (DuplexSchema.isApplyMarker(table.getDatabase(), table.getTable())) {
            markers.add(table.getTableId());
        } else if (!markers.isEmpty()) {
            markers.remove(table.getTableId());
        }
    }

    /** Called with every event read, after it was decoded (or skipped). */
    void read(Event event) {
        EventType type = event.getHeader().getEventType();
        if (type == null || !WITHIN.contains(type)) {
            skipping = false;
        } else if (!skipping && !markers.isEmpty()) { // a source Duplex never applies to costs nothing more
            skipping = switch (event.getData()) {
                case WriteRowsEventData w -> markers.contains(w.getTableId());
                case UpdateRowsEventData u -> markers.contains(u.getTableId());
                case DeleteRowsEventData d -> markers.contains(d.getTableId());
                case null, default -> false;
            };
        }
    }
}
