package dev.duplex.precheck.facts;

import java.util.Locale;
import java.util.Map;

/** The server family: the binlog, variables and privileges differ between them. */
public enum Flavor {
    MYSQL("MySQL"), MARIADB("MariaDB"), POLARDB("PolarDB for MySQL");

    private final String label;

    Flavor(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** PolarDB and MySQL share MySQL's binlog and variables. */
    public boolean mysqlFamily() {
        return this != MARIADB;
    }

    /** From {@code VERSION()} and the global variables (keys in lower case). */
    public static Flavor detect(String version, Map<String, String> variables) {
        if (version.toLowerCase(Locale.ROOT).contains("mariadb")) {
            return MARIADB;
        }
        String comment = variables.getOrDefault("version_comment", "").toLowerCase(Locale.ROOT);
        boolean polar = comment.contains("polardb") || variables.keySet().stream().anyMatch(k -> k.startsWith("polar_"));
        return polar ? POLARDB : MYSQL;
    }
}
