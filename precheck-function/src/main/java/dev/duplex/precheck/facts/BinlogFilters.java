package dev.duplex.precheck.facts;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The server's binlog filters ({@code binlog-do-db}, {@code binlog-ignore-db}) as shown by
 * SHOW MASTER STATUS. With row-based logging they filter by the database of the changed table.
 */
public record BinlogFilters(Set<String> doDbs, Set<String> ignoreDbs) {

    public BinlogFilters {
        doDbs = Set.copyOf(doDbs);
        ignoreDbs = Set.copyOf(ignoreDbs);
    }

    public static BinlogFilters none() {
        return new BinlogFilters(Set.of(), Set.of());
    }

    /** From the comma-separated columns Binlog_Do_DB and Binlog_Ignore_DB. */
    public static BinlogFilters parse(String doDbs, String ignoreDbs) {
        return new BinlogFilters(split(doDbs), split(ignoreDbs));
    }

    /** Whether changes to tables of {@code db} reach the binlog. */
    public boolean logs(String db) {
        if (!doDbs.isEmpty()) {
            return doDbs.contains(db);
        }
        return !ignoreDbs.contains(db);
    }

    private static Set<String> split(String list) {
        Set<String> out = new LinkedHashSet<>();
        if (list != null) {
            Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        return out;
    }
}
