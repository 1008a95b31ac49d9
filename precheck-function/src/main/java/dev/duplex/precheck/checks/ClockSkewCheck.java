package dev.duplex.precheck.checks;

import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * The offset between the two servers' clocks, which last-writer-wins compares: a write made on
 * the node whose clock is behind loses to a concurrent one made up to that much earlier on the
 * other (never to an earlier write it has seen: versions only move forward). Measured as the
 * other clock's reading against the midpoint of a round trip to the first; reported under
 * {@code lww.clock}, a warning past {@value #WARN_MILLIS} ms.
 */
final class ClockSkewCheck extends PairCheck {
    static final long WARN_MILLIS = 50;

    @Override
    public String id() {
        return "lww.clock";
    }

    @Override
    public List<CheckItem> run(PrecheckContext context) {
        return context.config().usesLastWriterWins() ? super.run(context) : List.of();
    }

    @Override
    CheckItem compare(PrecheckContext context, NodeProbe a, NodeProbe b) {
        try {
            long best = Long.MAX_VALUE;
            long offset = 0;
            for (int i = 0; i < 5; i++) {
                long before = micros(a.connection());
                long onB = micros(b.connection());
                long after = micros(a.connection());
                if (after - before < best) {
                    best = after - before;
                    offset = onB - (before + after) / 2;
                }
            }
            return item(offset, best);
        } catch (SQLException e) {
            return CheckItem.notChecked(id(), CheckItem.BOTH, "cannot read the clocks: " + e.getMessage(),
                    "run the precheck again");
        }
    }

    /** The item for a measured offset (node b's clock minus node a's) and the round trip it was measured in. */
    static CheckItem item(long offsetMicros, long roundTripMicros) {
        String id = "lww.clock";
        String expected = "clocks within " + WARN_MILLIS + " ms of each other (NTP on both servers)";
        String found = String.format(Locale.ROOT, "node b's clock is %+.1f ms from node a's (measured within %.1f ms)",
                offsetMicros / 1000.0, roundTripMicros / 1000.0);
        if (Math.abs(offsetMicros) <= WARN_MILLIS * 1000) {
            return CheckItem.pass(id, CheckItem.BOTH, found, expected);
        }
        return CheckItem.warn(id, CheckItem.BOTH, found + ": under last-writer-wins a write on the node behind"
                + " loses to a concurrent write made up to that much earlier on the other", expected,
                "synchronize both servers' clocks (chrony or ntpd), or acknowledge lww.clock");
    }

    private static long micros(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT UNIX_TIMESTAMP(NOW(6)) * 1000000")) {
            rs.next();
            return rs.getBigDecimal(1).longValue();
        }
    }
}
