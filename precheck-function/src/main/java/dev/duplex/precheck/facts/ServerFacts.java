package dev.duplex.precheck.facts;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What precheck knows about one server, read once per run.
 *
 * @param account       the account as MySQL matched it, e.g. {@code 'duplex'@'%'}, for GRANT fixes
 * @param variables     SHOW GLOBAL VARIABLES, keys in lower case
 * @param replica       whether the server replicates from another (empty: could not tell)
 * @param binlogFilters binlog-do-db / binlog-ignore-db (empty: could not read them)
 * @param tlsCipher     cipher of precheck's own connection; "" when it is not encrypted
 * @param rdsRetentionHours Amazon RDS's 'binlog retention hours' (which replaces the server's
 *                      expiry there), when the server is RDS; -1 when it is set to NULL
 */
public record ServerFacts(ServerVersion version, Flavor flavor, String account, Map<String, String> variables,
                          Grants grants, Optional<Boolean> replica, Optional<BinlogFilters> binlogFilters,
                          String tlsCipher, OptionalLong rdsRetentionHours) {

    public ServerFacts {
        TreeMap<String, String> lower = new TreeMap<>();
        variables.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v == null ? "" : v));
        variables = Collections.unmodifiableMap(lower);
        tlsCipher = tlsCipher == null ? "" : tlsCipher;
    }

    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The first of {@code names} the server has (variables were renamed across versions). */
    public Optional<String> firstVariable(String... names) {
        for (String n : names) {
            Optional<String> v = variable(n);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    /** Whether a boolean variable is ON (ON, 1, TRUE, YES). */
    public boolean isOn(String name) {
        return variable(name).map(ServerFacts::truthy).orElse(false);
    }

    public static boolean truthy(String value) {
        String v = value.strip().toUpperCase(Locale.ROOT);
        return v.equals("ON") || v.equals("1") || v.equals("TRUE") || v.equals("YES");
    }

    public boolean isMariaDb() {
        return flavor == Flavor.MARIADB;
    }

    /** 0: names as given, case-sensitive; 1: stored lower case; 2: stored as given, compared lower case. */
    public int lowerCaseTableNames() {
        return variable("lower_case_table_names").map(String::strip).map(Integer::parseInt).orElse(0);
    }

    /** Whether this server compares database and table names without case. */
    public boolean namesIgnoreCase() {
        return lowerCaseTableNames() != 0;
    }

    public String describe() {
        return flavor.label() + " " + version.text();
    }
}
