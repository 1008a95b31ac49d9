package dev.duplex.capture.reader;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import dev.duplex.core.sql.DuplexSchema;
import java.util.EnumSet;
import java.util.Map;
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

    private final Map<Long, TableMapEventData> tables;
    private boolean skipping;

    OwnTransactions(Map<Long, TableMapEventData> tables) {
        this.tables = tables;
    }

    /** Whether the row event about to be read belongs to a transaction known to be Duplex's own. */
    boolean skipping() {
        return skipping;
    }

    /** Called with every event read, after it was decoded (or skipped). */
    void read(Event event) {
        EventType type = event.getHeader().getEventType();
        if (type == null || !WITHIN.contains(type)) {
            skipping = false;
        } else if (!skipping) {
            TableMapEventData table = switch (event.getData()) {
                case WriteRowsEventData w -> tables.get(w.getTableId());
                case UpdateRowsEventData u -> tables.get(u.getTableId());
                case DeleteRowsEventData d -> tables.get(d.getTableId());
                case null, default -> null;
            };
            skipping = table != null && DuplexSchema.isApplyMarker(table.getDatabase(), table.getTable());
        }
    }
}
