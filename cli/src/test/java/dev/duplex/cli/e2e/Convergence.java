package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.cli.CliRun;
import dev.duplex.cli.e2e.workload.RandomTable;
import dev.duplex.cli.e2e.workload.RandomWorkload;
import dev.duplex.sandbox.MySqlServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The checks every scenario ends with: both nodes identical, holding exactly the rows the workloads left. */
final class Convergence {
    private Convergence() {}

    /** {@code duplex verify} as a user runs it, then CHECKSUM TABLE on each node independently of it. */
    static void assertIdentical(SyncCluster cluster, String database, int tables) throws SQLException {
        CliRun verify = CliRun.of("verify", "-c", cluster.nodes().configFile().toString());
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
        assertTrue(verify.out().contains(tables + " tables compared, 0 differ"), verify.out());
        assertEquals(Checksums.of(cluster.a(), database), Checksums.of(cluster.b(), database),
                "CHECKSUM TABLE on a and b");
    }

    /** Nothing lost, nothing resurrected: each table's keys are the union of what both workloads left. */
    static void assertRowsAreExactlyTheWrittenOnes(SyncCluster cluster, String database, List<RandomTable> tables,
                                                   RandomWorkload onA, RandomWorkload onB) throws SQLException {
        Map<String, Set<String>> fromA = onA.liveKeys();
        Map<String, Set<String>> fromB = onB.liveKeys();
        for (MySqlServer node : List.of(cluster.a(), cluster.b())) {
            Map<String, Set<String>> actual = keysOn(node, database, tables);
            for (RandomTable t : tables) {
                Set<String> expected = new TreeSet<>(fromA.get(t.name()));
                expected.addAll(fromB.get(t.name()));
                Set<String> missing = new TreeSet<>(expected);
                missing.removeAll(actual.get(t.name()));
                Set<String> extra = new TreeSet<>(actual.get(t.name()));
                extra.removeAll(expected);
                assertTrue(missing.isEmpty() && extra.isEmpty(), t.name() + " on " + node.name() + ": missing "
                        + first(missing) + ", unexpected " + first(extra) + " (" + expected.size() + " expected)");
            }
        }
    }

    private static String first(Set<String> keys) {
        return keys.size() + " " + keys.stream().limit(5).toList();
    }

    static Map<String, Set<String>> keysOn(MySqlServer node, String database, List<RandomTable> tables)
            throws SQLException {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            for (RandomTable t : tables) {
                Set<String> keys = new TreeSet<>();
                String cols = t.keyColumns().stream().map(k -> "`" + k + "`").collect(Collectors.joining(", "));
                try (ResultSet rs = st.executeQuery("SELECT CONCAT_WS('|', " + cols + ") FROM `" + database + "`.`"
                        + t.name() + "`")) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                }
                out.put(t.name(), keys);
            }
        }
        return out;
    }

    static void createSchema(Connection c, String database, List<RandomTable> tables) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4");
            for (RandomTable t : tables) {
                st.execute(t.createStatement(database));
            }
        }
    }
}
