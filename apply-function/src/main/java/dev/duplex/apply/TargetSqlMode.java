package dev.duplex.apply;

import dev.duplex.core.model.SourceSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Node a's sql_mode as node b's server spells the same behaviour. The servers disagree on one
 * default: MySQL (5.6.4 and later) rounds fractional seconds that do not fit unless
 * TIME_TRUNCATE_FRACTIONAL is set, MariaDB truncates them unless TIME_ROUND_FRACTIONAL is set
 * (MariaDB's own replication from MySQL translates the same way). Other names pass unchanged; one
 * b does not know is dropped later, with a warning.
 */
final class TargetSqlMode {
    static final String TRUNCATE = "TIME_TRUNCATE_FRACTIONAL";
    static final String ROUND = "TIME_ROUND_FRACTIONAL";

    private TargetSqlMode() {}

    static String of(String modes, SourceSession.Server source, boolean targetMariaDb) {
        boolean sourceMariaDb = source == SourceSession.Server.MARIADB;
        if (sourceMariaDb == targetMariaDb) {
            return modes;
        }
        List<String> names = new ArrayList<>(modes.isEmpty() ? List.of() : Arrays.asList(modes.split(",")));
        if (sourceMariaDb) {
            // MariaDB truncates unless told to round; MySQL rounds unless told to truncate.
            boolean rounds = names.remove(ROUND);
            if (!rounds) {
                names.add(TRUNCATE);
            }
        } else {
            boolean truncates = names.remove(TRUNCATE);
            if (!truncates) {
                names.add(ROUND);
            }
        }
        return String.join(",", names);
    }
}
