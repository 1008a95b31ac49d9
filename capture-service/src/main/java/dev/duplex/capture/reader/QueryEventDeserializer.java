package dev.duplex.capture.reader;

import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a QUERY event's body (binlog v4: 13-byte post-header, status variables, database, NUL,
 * statement) keeping the status variables ({@link QueryStatusParser}) and the statement's bytes.
 * Errors are plain {@link IOException}s, never an {@link java.io.EOFException}: the library would
 * take that for a broken connection and the reader would retry the same event forever.
 */
final class QueryEventDeserializer implements EventDataDeserializer<SessionQueryEventData> {

    @Override
    public SessionQueryEventData deserialize(ByteArrayInputStream in) throws IOException {
        SessionQueryEventData data = new SessionQueryEventData();
        data.setThreadId(in.readLong(4));
        data.setExecutionTime(in.readLong(4));
        int databaseLength = in.readInteger(1);
        data.setErrorCode(in.readInteger(2));
        int statusLength = in.readInteger(2);
        if (statusLength + databaseLength + 1 > in.available()) {
            throw new IOException("QUERY event declares a " + statusLength + "-byte status block and a "
                    + databaseLength + "-byte database name, but only " + in.available() + " bytes follow");
        }
        data.setStatus(QueryStatusParser.parse(in.read(statusLength)));
        data.setDatabase(new String(in.read(databaseLength), StandardCharsets.UTF_8));
        if (in.read() != 0) {
            throw new IOException("QUERY event's database name is not terminated by a zero byte");
        }
        byte[] sql = in.read(in.available());
        data.setSqlBytes(sql);
        data.setSql(new String(sql, StandardCharsets.UTF_8));
        return data;
    }
}
