package dev.duplex.capture.testing;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.MySqlGtid;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.XidEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Synthetic binlog events for pure tests, laid out like a real binlog: each event gets the next
 * position, so start and end positions in assertions follow from the event order.
 */
public final class Binlog {
    public static final long SERVER_ID = 7;
    private final List<Event> events = new ArrayList<>();
    private long pos;
    private long timestampMillis = 1_700_000_000_000L;

    public Binlog(long startPos) {
        this.pos = startPos;
    }

    public List<Event> events() {
        return events;
    }

    public long position() {
        return pos;
    }

    public Binlog at(long timestampMillis) {
        this.timestampMillis = timestampMillis;
        return this;
    }

    public Binlog add(EventType type, EventData data, int length) {
        EventHeaderV4 h = new EventHeaderV4();
        h.setEventType(type);
        h.setTimestamp(timestampMillis);
        h.setServerId(SERVER_ID);
        h.setEventLength(length);
        h.setNextPosition(pos + length);
        events.add(new Event(h, data));
        pos += length;
        return this;
    }

    public Binlog rotate(String file, long position) {
        RotateEventData d = new RotateEventData();
        d.setBinlogFilename(file);
        d.setBinlogPosition(position);
        EventHeaderV4 h = new EventHeaderV4();
        h.setEventType(EventType.ROTATE);
        h.setEventLength(44);
        h.setNextPosition(0);
        events.add(new Event(h, d));
        pos = position;
        return this;
    }

    public Binlog mariaGtid(long seq, boolean standalone) {
        MariadbGtidEventData d = new MariadbGtidEventData();
        d.setDomainId(0);
        d.setSequence(seq);
        d.setFlags(standalone ? MariadbGtidEventData.FL_STANDALONE : MariadbGtidEventData.FL_TRANSACTIONAL);
        return add(EventType.MARIADB_GTID, d, 42);
    }

    public Binlog mysqlGtid(String uuid, long gno) {
        GtidEventData d = new GtidEventData(new MySqlGtid(UUID.fromString(uuid), gno), (byte) 1, 0, 0, 0, 0,
                0, 0, 0);
        return add(EventType.GTID, d, 65);
    }

    public Binlog query(String db, String sql) {
        QueryEventData d = new QueryEventData();
        d.setDatabase(db);
        d.setSql(sql);
        return add(EventType.QUERY, d, 60 + sql.length());
    }

    public Binlog tableMap(long id, TableMapEventData map) {
        map.setTableId(id);
        return add(EventType.TABLE_MAP, map, 50);
    }

    public Binlog insert(long tableId, int columns, Serializable[]... rows) {
        WriteRowsEventData d = new WriteRowsEventData();
        d.setTableId(tableId);
        d.setIncludedColumns(all(columns));
        d.setRows(Arrays.asList(rows));
        return add(EventType.EXT_WRITE_ROWS, d, 40 + 10 * rows.length);
    }

    public Binlog update(long tableId, int columns, Serializable[] before, Serializable[] after) {
        UpdateRowsEventData d = new UpdateRowsEventData();
        d.setTableId(tableId);
        d.setIncludedColumnsBeforeUpdate(all(columns));
        d.setIncludedColumns(all(columns));
        List<Map.Entry<Serializable[], Serializable[]>> rows = new ArrayList<>();
        rows.add(new AbstractMap.SimpleEntry<>(before, after));
        d.setRows(rows);
        return add(EventType.EXT_UPDATE_ROWS, d, 60);
    }

    public Binlog delete(long tableId, int columns, Serializable[]... rows) {
        DeleteRowsEventData d = new DeleteRowsEventData();
        d.setTableId(tableId);
        d.setIncludedColumns(all(columns));
        d.setRows(Arrays.asList(rows));
        return add(EventType.EXT_DELETE_ROWS, d, 40 + 10 * rows.length);
    }

    public Binlog xid() {
        XidEventData d = new XidEventData();
        d.setXid(pos);
        return add(EventType.XID, d, 31);
    }

    public static BitSet all(int columns) {
        BitSet b = new BitSet();
        b.set(0, columns);
        return b;
    }

    /** A table map with FULL metadata: INT columns named as given, the first one the primary key. */
    public static TableMapEventData intTable(String db, String table, String... columns) {
        byte[] types = new byte[columns.length];
        Arrays.fill(types, (byte) ColumnType.LONG.getCode());
        return table(db, table, types, new int[columns.length], List.of(columns), List.of(0), new BitSet(), List.of());
    }

    /** A table map with FULL metadata as MariaDB writes it (per-column charsets). */
    public static TableMapEventData table(String db, String table, byte[] types, int[] metas, List<String> names,
                                          List<Integer> primaryKey, BitSet unsigned, List<Integer> charsets) {
        TableMapEventData t = new TableMapEventData();
        t.setDatabase(db);
        t.setTable(table);
        t.setColumnTypes(types);
        t.setColumnMetadata(metas);
        t.setColumnNullability(new BitSet());
        TableMapEventMetadata md = new TableMapEventMetadata();
        md.setColumnNames(names);
        md.setSimplePrimaryKeys(primaryKey);
        md.setSignedness(unsigned);
        md.setColumnCharsets(charsets.isEmpty() ? null : charsets);
        t.setEventMetadata(md);
        return t;
    }
}
