package dev.duplex.capture.assemble;

import com.github.shyiko.mysql.binlog.GtidSet;
import com.github.shyiko.mysql.binlog.MariadbGtidSet;

/** The GTID set executed up to the current transaction boundary, in the source's own notation. */
final class GtidTracker {
    private final GtidSet set;

    GtidTracker(boolean mariaDb, String initial) {
        String text = initial == null ? "" : initial.trim();
        this.set = mariaDb ? new MariadbGtidSet(text) : new GtidSet(text);
    }

    void add(String gtid) {
        if (gtid != null && !gtid.isEmpty()) {
            set.add(gtid);
        }
    }

    String text() {
        return set.toString();
    }
}
