package dev.duplex.capture.reader;

import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.FormatDescriptionEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.GtidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.MariadbGtidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.NullEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.RotateEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.TableMapEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.XAPrepareEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.XidEventDataDeserializer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the event deserializer capture reads with: only the events capture interprets are
 * decoded (everything else is skipped unread), rows go through {@link ExactRowDeserializers}
 * (those of Duplex's own transactions skipped after their marker: {@link OwnTransactions}),
 * QUERY events keep their session ({@link QueryEventDeserializer}), a table map that repeats is
 * decoded once ({@link CaptureEventDeserializer}),
 * CHAR/BINARY cells stay bytes so they can be decoded with the column's own charset, and the
 * header keeps the raw type number ({@link RawEventHeader}).
 */
public final class EventDeserializers {
    private EventDeserializers() {}

    public static EventDeserializer create() {
        Map<Long, TableMapEventData> tables = new HashMap<>();
        OwnTransactions own = new OwnTransactions();
        CompressedColumns.Rows compressed = new CompressedColumns.Rows(tables);
        Map<EventType, EventDataDeserializer> data = new EnumMap<>(EventType.class);
        data.put(EventType.FORMAT_DESCRIPTION, new FormatDescriptionEventDataDeserializer());
        data.put(EventType.ROTATE, new RotateEventDataDeserializer());
        data.put(EventType.QUERY, new QueryEventDeserializer());
        data.put(EventType.TABLE_MAP, new TableMapEventDataDeserializer());
        data.put(EventType.XID, new XidEventDataDeserializer());
        data.put(EventType.XA_PREPARE, new XAPrepareEventDataDeserializer());
        data.put(EventType.INCIDENT, new IncidentEventData.Deserializer());
        data.put(EventType.GTID, new GtidEventDataDeserializer());
        data.put(EventType.MARIADB_GTID, new MariadbGtidEventDataDeserializer());
        data.put(EventType.WRITE_ROWS, new ExactRowDeserializers.Write(tables, own, compressed));
        data.put(EventType.UPDATE_ROWS, new ExactRowDeserializers.Update(tables, own, compressed));
        data.put(EventType.DELETE_ROWS, new ExactRowDeserializers.Delete(tables, own, compressed));
        data.put(EventType.EXT_WRITE_ROWS, new ExactRowDeserializers.Write(tables, own, compressed)
                .setMayContainExtraInformation(true));
        data.put(EventType.EXT_UPDATE_ROWS, new ExactRowDeserializers.Update(tables, own, compressed)
                .setMayContainExtraInformation(true));
        data.put(EventType.EXT_DELETE_ROWS, new ExactRowDeserializers.Delete(tables, own, compressed)
                .setMayContainExtraInformation(true));
        EventDeserializer d = new CaptureEventDeserializer(new RawEventHeader.Deserializer(), new NullEventDataDeserializer(),
                data, tables, own, compressed);
        d.setCompatibilityMode(EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
        return d;
    }
}
