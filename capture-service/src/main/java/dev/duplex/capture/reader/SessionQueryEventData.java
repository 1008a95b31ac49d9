package dev.duplex.capture.reader;

import com.github.shyiko.mysql.binlog.event.QueryEventData;

/**
 * A QUERY event with what the library's own data drops: its status variables (the session the
 * statement ran in) and the statement's bytes, to be decoded with that session's
 * character_set_client ({@link #getSql()} is them read as UTF-8, as the library reads them).
 */
public final class SessionQueryEventData extends QueryEventData {
    private QueryStatus status = QueryStatus.EMPTY;
    private byte[] sqlBytes = new byte[0];

    public QueryStatus status() {
        return status;
    }

    void setStatus(QueryStatus status) {
        this.status = status;
    }

    public byte[] sqlBytes() {
        return sqlBytes.clone();
    }

    void setSqlBytes(byte[] sqlBytes) {
        this.sqlBytes = sqlBytes.clone();
    }
}
