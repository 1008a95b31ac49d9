package dev.duplex.capture.reader;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeader;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.FormatDescriptionEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ChecksumType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializationException;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

/**
 * The library's event deserializer with TABLE_MAP events read through {@link TableMapCache}.
 * The library decodes a table map itself whatever deserializer is registered for it (a
 * registered one of another class only runs as well, on a copy), so the cache takes the
 * library's own place here: the event body framed as the library frames it (body without the
 * checksum, then the checksum skipped), the decoded map entered in the table-id map that the row
 * deserializers read, and a failure reported as the library reports one.
 */
final class CaptureEventDeserializer extends EventDeserializer {
    private final Map<Long, TableMapEventData> tables;
    private final OwnTransactions own;
    private final CompressedColumns.Rows compressed;
    private final TableMapCache tableMaps = new TableMapCache();
    /** As the library's: set by the client from the server's setting, then by each format description. */
    private int checksumLength;

    CaptureEventDeserializer(EventHeaderDeserializer<?> header, EventDataDeserializer<?> fallback,
                             Map<EventType, EventDataDeserializer> data, Map<Long, TableMapEventData> tables,
                             OwnTransactions own, CompressedColumns.Rows compressed) {
        super(header, fallback, data, tables);
        this.tables = tables;
        this.own = own;
        this.compressed = compressed;
    }

    @Override
    public void setChecksumType(ChecksumType checksumType) {
        super.setChecksumType(checksumType);
        checksumLength = checksumType.getLength();
    }

    @Override
    public Event nextEvent(ByteArrayInputStream in) throws IOException {
        Event event = super.nextEvent(in);
        if (event != null) {
            if (event.getData() instanceof FormatDescriptionEventData fd) {
                checksumLength = fd.getChecksumType().getLength();
            }
            own.read(event);
        }
        return event;
    }

    @Override
    public EventData deserializeTableMapEventData(ByteArrayInputStream in, EventHeader header) throws IOException {
        TableMapEventData data;
        try {
            in.enterBlock((int) header.getDataLength() - checksumLength);
            try {
                data = tableMaps.deserialize(in);
            } finally {
                in.skipToTheEndOfTheBlock();
                in.skip(checksumLength);
            }
        } catch (IOException | RuntimeException e) {
            throw new EventDataDeserializationException(header, e);
        }
        tables.put(data.getTableId(), data);
        own.mapped(data);
        compressed.mapped(data);
        return data;
    }
}
