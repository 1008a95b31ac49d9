package dev.duplex.capture.reader;

import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * A v4 event header that keeps the raw event type number. The library maps types it does not
 * know (MariaDB's compressed events among them) to UNKNOWN; capture must recognize those to
 * refuse them instead of silently skipping data.
 */
public final class RawEventHeader extends EventHeaderV4 {
    /** MariaDB QUERY_COMPRESSED_EVENT .. DELETE_ROWS_COMPRESSED_EVENT (log_bin_compress=ON). */
    public static final int MARIADB_COMPRESSED_FIRST = 165;
    public static final int MARIADB_COMPRESSED_LAST = 171;

    private int rawType;

    public int rawType() {
        return rawType;
    }

    public void setRawType(int rawType) {
        this.rawType = rawType;
    }

    public boolean isMariaDbCompressed() {
        return rawType >= MARIADB_COMPRESSED_FIRST && rawType <= MARIADB_COMPRESSED_LAST;
    }

    /** Reads the 19-byte v4 header exactly as the library's own deserializer does. */
    static final class Deserializer implements EventHeaderDeserializer<RawEventHeader> {
        @Override
        public RawEventHeader deserialize(ByteArrayInputStream in) throws IOException {
            RawEventHeader h = new RawEventHeader();
            h.setTimestamp(in.readLong(4) * 1000L);
            int type = in.readInteger(1);
            h.setRawType(type);
            EventType known = EventType.byEventNumber(type);
            h.setEventType(known == null ? EventType.UNKNOWN : known);
            h.setServerId(in.readLong(4));
            h.setEventLength(in.readLong(4));
            h.setNextPosition(in.readLong(4));
            h.setFlags(in.readInteger(2));
            return h;
        }
    }
}
