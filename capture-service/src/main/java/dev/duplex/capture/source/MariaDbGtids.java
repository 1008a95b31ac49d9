package dev.duplex.capture.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** MariaDB GTID lists ({@code domain-server-sequence,…}) compared by domain. */
final class MariaDbGtids {
    private MariaDbGtids() {}

    /**
     * Whether {@code state} (the server's gtid_binlog_state) reaches every GTID of {@code wanted}:
     * for each domain of {@code wanted}, some entry of {@code state} in that domain has a sequence
     * number at least as high. Sequence numbers only grow within a domain, whatever server wrote them.
     */
    static boolean contains(String state, String wanted) {
        Map<Long, Long> highest = new HashMap<>();
        for (long[] g : parse(state)) {
            highest.merge(g[0], g[2], Math::max);
        }
        for (long[] g : parse(wanted)) {
            if (highest.getOrDefault(g[0], -1L) < g[2]) {
                return false;
            }
        }
        return true;
    }

    private static List<long[]> parse(String list) {
        List<long[]> out = new ArrayList<>();
        for (String part : list.split(",")) {
            String t = part.trim();
            if (t.isEmpty()) {
                continue;
            }
            String[] f = t.split("-");
            if (f.length != 3) {
                throw new IllegalArgumentException("not a MariaDB GTID: '" + t + "'");
            }
            out.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])});
        }
        return out;
    }
}
