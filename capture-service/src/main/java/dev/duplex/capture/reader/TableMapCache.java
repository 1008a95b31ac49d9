package dev.duplex.capture.reader;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.TableMapEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * TABLE_MAP events: every transaction repeats the map of each table it writes, byte for byte as
 * long as the table keeps its id and definition. With binlog_row_metadata=FULL each map carries
 * every column name, charset and ENUM/SET label, and decoding them again per transaction was a
 * tenth of capture's CPU on a wide table; a map whose bytes equal the last map of its table id
 * is the same map, so the one decoded then is handed out again (and, being the same instance,
 * the schema resolver's cache check is a reference comparison). Any other byte decodes anew.
 * The decoded map is never modified downstream. One per event deserializer, so per reader thread;
 * {@link CaptureEventDeserializer} reads every table map through it.
 */
final class TableMapCache implements EventDataDeserializer<TableMapEventData> {
    /** More table ids than this at once is a server renumbering tables (FLUSH TABLES, DDL): start over. */
    private static final int MAX_TABLES = 4096;
    /** Table id bytes at the start of the event body (post-header of every server since 5.1). */
    private static final int TABLE_ID_BYTES = 6;

    private final TableMapEventDataDeserializer decoder = new TableMapEventDataDeserializer();
    private final Map<Long, Decoded> byTableId = new HashMap<>();

    private record Decoded(byte[] body, TableMapEventData data) {}

    @Override
    public TableMapEventData deserialize(ByteArrayInputStream in) throws IOException {
        byte[] body = in.read(in.available());
        if (body.length < TABLE_ID_BYTES) {
            return decode(body);
        }
        long tableId = 0;
        for (int i = TABLE_ID_BYTES - 1; i >= 0; i--) {
            tableId = tableId << 8 | (body[i] & 0xFF);
        }
        Decoded last = byTableId.get(tableId);
        if (last != null && Arrays.equals(last.body, body)) {
            return last.data;
        }
        TableMapEventData data = decode(body);
        if (byTableId.size() >= MAX_TABLES) {
            byTableId.clear();
        }
        byTableId.put(tableId, new Decoded(body, data));
        return data;
    }

    private TableMapEventData decode(byte[] body) throws IOException {
        CompressedColumns.Rewritten plain = CompressedColumns.rewrite(body);
        TableMapEventData data = decoder.deserialize(new ByteArrayInputStream(plain.body()));
        return plain.compressed().isEmpty() ? data : new CompressedColumns.CompressedMap(data, plain.compressed());
    }
}
