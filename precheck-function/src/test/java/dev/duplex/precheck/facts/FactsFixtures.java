package dev.duplex.precheck.facts;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** ServerFacts as servers of each kind report them, for tests of the check logic. */
public final class FactsFixtures {

    private FactsFixtures() {}

    public static ServerFacts mysql(String version, String... variables) {
        return facts(version, "MySQL Community Server - GPL", variables);
    }

    public static ServerFacts mariaDb(String version, String... variables) {
        return facts(version + "-MariaDB-log", "mariadb.org binary distribution", variables);
    }

    public static ServerFacts polarDb(String version, String... variables) {
        return facts(version, "PolarDB for MySQL", variables);
    }

    /** @param variables name, value, name, value... */
    public static ServerFacts facts(String version, String comment, String... variables) {
        Map<String, String> vars = new HashMap<>();
        vars.put("version_comment", comment);
        for (int i = 0; i + 1 < variables.length; i += 2) {
            vars.put(variables[i], variables[i + 1]);
        }
        return new ServerFacts(ServerVersion.parse(version), Flavor.detect(version, vars), "'duplex'@'%'", vars,
                Grants.parse(List.of("GRANT ALL PRIVILEGES ON *.* TO `duplex`@`%`")), Optional.of(false),
                Optional.of(BinlogFilters.none()), "", OptionalLong.empty());
    }

    public static ServerFacts withReplica(ServerFacts f, boolean replica) {
        return new ServerFacts(f.version(), f.flavor(), f.account(), f.variables(), f.grants(), Optional.of(replica),
                f.binlogFilters(), f.tlsCipher(), f.rdsRetentionHours());
    }

    public static ServerFacts withRdsRetention(ServerFacts f, long hours) {
        return new ServerFacts(f.version(), f.flavor(), f.account(), f.variables(), f.grants(), f.replica(),
                f.binlogFilters(), f.tlsCipher(), OptionalLong.of(hours));
    }
}
