package dev.duplex.capture.assemble;

import com.github.shyiko.mysql.binlog.GtidSet;
import com.github.shyiko.mysql.binlog.MariadbGtidSet;
import java.util.HashSet;
import java.util.Set;

/**
 * The GTID set executed up to the current transaction boundary, in the source's own notation.
 *
 * <p>Its text is needed at every commit. A MariaDB set of a single replication domain (nearly
 * every source) is just the domain's last GTID, which is the GTID added last, exactly as the
 * library would print it (domain-server-sequence, in decimal); only a set of several domains is
 * printed by the library, which formats every member of it anew each time.
 */
final class GtidTracker {
    private final GtidSet set;
    private final boolean mariaDb;
    /** MariaDB: the domains seen so far. */
    private final Set<String> domains = new HashSet<>();
    /** MariaDB with one domain: the set's text; else null. */
    private String single;
    private String text;

    GtidTracker(boolean mariaDb, String initial) {
        String text = initial == null ? "" : initial.trim();
        this.mariaDb = mariaDb;
        this.set = mariaDb ? new MariadbGtidSet(text) : new GtidSet(text);
        if (mariaDb) {
            for (String gtid : set.toString().split(",")) {
                if (!gtid.isEmpty()) {
                    domains.add(domain(gtid));
                    single = gtid;
                }
            }
            single = domains.size() == 1 ? single : null;
        }
    }

    void add(String gtid) {
        if (gtid != null && !gtid.isEmpty()) {
            set.add(gtid);
            text = null;
            if (mariaDb) {
                domains.add(domain(gtid));
                single = domains.size() == 1 ? gtid : null;
            }
        }
    }

    String text() {
        if (text == null) {
            text = single != null ? single : set.toString();
        }
        return text;
    }

    private static String domain(String gtid) {
        int dash = gtid.indexOf('-');
        return dash < 0 ? gtid : gtid.substring(0, dash);
    }
}
