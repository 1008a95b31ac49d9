package dev.duplex.apply.dml;

import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.core.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Removes last-writer-wins tombstones no incoming write can still need. A tombstone on the target
 * only ever decides against writes from the other node, which arrive in commit order: once the
 * target applied a transaction the other node committed at C, every write still to come was made
 * after about C. A tombstone older than C by {@link #MARGIN} (covering transactions that stay open
 * that long and clock offsets) has nothing left to decide. Runs at most every {@link #EVERY} per
 * target and direction, in its own transaction, a bounded number of rows a time.
 */
public final class TombstoneCollector {
    public static final Duration MARGIN = Duration.ofHours(1);
    static final Duration EVERY = Duration.ofMinutes(10);
    private static final int ROWS_PER_TABLE = 10_000;
    private static final Map<String, Instant> LAST_RUN = new ConcurrentHashMap<>();
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private TombstoneCollector() {}

    /**
     * @param target         identifies the target and direction, for the pacing
     * @param appliedCommit  commit time on the source of the last transaction applied, UTC
     * @return the tombstones removed (0 when it is not time yet)
     */
    public static int collect(Connection c, String target, Instant appliedCommit, Instant now) throws SQLException {
        Instant last = LAST_RUN.get(target);
        if (last != null && last.plus(EVERY).isAfter(now)) {
            return 0;
        }
        LAST_RUN.put(target, now);
        return collectBefore(c, appliedCommit.minus(MARGIN));
    }

    /** Removes tombstones older than {@code cutoff} from every tombstone table; commits. */
    static int collectBefore(Connection c, Instant cutoff) throws SQLException {
        int removed = 0;
        for (String table : tombstoneTables(c)) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + Identifiers.qualified(DuplexSchema.SCHEMA,
                    table) + " WHERE deleted_at < ? LIMIT " + ROWS_PER_TABLE)) {
                // The apply session runs in UTC (ApplySession): the cutoff goes as UTC text, no driver zone rules.
                ps.setString(1, UTC.format(cutoff));
                removed += ps.executeUpdate();
            }
            c.commit();
        }
        return removed;
    }

    private static List<String> tombstoneTables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME LIKE 'tomb\\_%'")) {
            ps.setString(1, DuplexSchema.SCHEMA);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
