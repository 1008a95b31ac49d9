package dev.duplex.cli.conflicts;

import dev.duplex.core.model.Direction;
import dev.duplex.core.store.ConflictQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The options of {@code duplex conflicts} that choose conflicts, read into a {@link ConflictQuery}. */
public final class LedgerFilter {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)([smhd])");

    private LedgerFilter() {}

    /**
     * @param since     "30m", "2h", "7d", "90s", an ISO duration ("PT1H30M") or an ISO instant
     *                  ("2026-12-05T10:00:00Z"); null for everything the log still keeps
     * @param table     "db.table" or "table" (any database), as the conflict records name the target's tables
     * @param direction "a2b" or "b2a"; null for both
     * @throws IllegalArgumentException naming the option, what is wrong and the forms accepted
     */
    public static ConflictQuery query(String since, String table, String direction, int limit, Instant now) {
        Optional<String> db = Optional.empty();
        Optional<String> tbl = Optional.empty();
        if (table != null) {
            int dot = table.indexOf('.');
            if (table.isBlank() || dot == 0 || dot == table.length() - 1) {
                throw new IllegalArgumentException("--table '" + table + "': give db.table or table");
            }
            db = dot < 0 ? Optional.empty() : Optional.of(table.substring(0, dot));
            tbl = Optional.of(dot < 0 ? table : table.substring(dot + 1));
        }
        Optional<Direction> dir;
        try {
            dir = Optional.ofNullable(direction).map(d -> Direction.ofCode(d.strip().toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--direction: " + e.getMessage());
        }
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
        }
        return new ConflictQuery(since == null ? Instant.EPOCH : since(since, now), db, tbl, dir, limit);
    }

    static Instant since(String text, Instant now) {
        String t = text.strip();
        Matcher m = SHORT_DURATION.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(d);
        }
        try {
            return t.toUpperCase(Locale.ROOT).startsWith("P") ? now.minus(Duration.parse(t)) : Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since '" + text + "' is neither a duration (30m, 2h, 7d, PT1H30M)"
                    + " nor an instant (2026-12-05T10:00:00Z)");
        }
    }
}
