package dev.duplex.bench;

import dev.duplex.sandbox.MySqlServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * pt-table-checksum (percona-toolkit) on a master and its native replica: the tool MySQL engineers
 * reach for to verify a pair. It runs each chunk's checksum query on the master as a statement that
 * replication re-executes on the replica, then compares the two results in its replicate table.
 * The replica is named in a DSN table on the master ({@code --recursion-method dsn=...}), because
 * the sandboxes listen on non-standard ports that discovery does not find.
 */
final class PtTableChecksum {
    static final String REPLICATE = "percona.checksums";
    private static final String DSN_TABLE = "percona.dsns";

    /** One table's line of pt-table-checksum's result table. */
    record Result(long errors, long diffs, long rows, long chunks, long skipped, double seconds, String table) {}

    /** What the replica's copy of the replicate table says: the replica's own counts and checksums. */
    record ReplicaCheck(long chunks, long rows, long differingChunks) {}

    private final Commands commands;

    PtTableChecksum(Commands commands) {
        this.commands = commands;
    }

    /** Names {@code replica} in the DSN table on {@code master} (replicated, as the tool expects). */
    static void registerReplica(MySqlServer master, MySqlServer replica) throws SQLException {
        try (Connection c = master.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS percona");
            st.execute("CREATE TABLE IF NOT EXISTS " + DSN_TABLE + " (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                    + " parent_id INT DEFAULT NULL, dsn VARCHAR(255) NOT NULL)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + DSN_TABLE + " (dsn) VALUES (?)")) {
                ps.setString(1, dsn(replica));
                ps.execute();
            }
        }
    }

    /**
     * Checksums {@code database.table} with the tool's defaults (chunks sized to take 0.5 s,
     * replica lag checked after each chunk) and returns its line; a non-zero exit (a difference,
     * a skipped chunk, no replica found) stops the bench with the tool's output.
     */
    Result run(MySqlServer master, String database, String table, Duration timeout) {
        commands.secret(master.password());
        List<String> cmd = List.of("pt-table-checksum", "--no-version-check", "--no-check-binlog-format",
                "--replicate", REPLICATE, "--recursion-method", "dsn=" + dsn(master) + ",D=percona,t=dsns",
                "--databases", database, "--tables", database + "." + table, dsn(master));
        return parse(commands.run("pt-table-checksum", cmd, Map.of(), timeout), database + "." + table);
    }

    private static String dsn(MySqlServer s) {
        return "h=" + s.host() + ",P=" + s.port() + ",u=" + s.user() + ",p=" + s.password();
    }

    /** Reads {@code table}'s line of the result table, by the header's column names (they vary by version). */
    static Result parse(String output, String table) {
        List<String> lines = output.lines().map(String::strip).toList();
        for (int i = 0; i < lines.size(); i++) {
            List<String> header = Arrays.asList(lines.get(i).split("\\s+"));
            if (!header.containsAll(List.of("TS", "ERRORS", "DIFFS", "ROWS", "CHUNKS", "SKIPPED", "TIME", "TABLE"))) {
                continue;
            }
            for (String line : lines.subList(i + 1, lines.size())) {
                String[] cells = line.split("\\s+");
                if (cells.length == header.size() && cells[header.indexOf("TABLE")].equals(table)) {
                    return new Result(cell(cells, header, "ERRORS"), cell(cells, header, "DIFFS"),
                            cell(cells, header, "ROWS"), cell(cells, header, "CHUNKS"),
                            cell(cells, header, "SKIPPED"), Double.parseDouble(cells[header.indexOf("TIME")]), table);
                }
            }
        }
        throw new BenchException("pt-table-checksum printed no result line for " + table + "; its output ends with:\n"
                + Commands.tail(output));
    }

    private static long cell(String[] cells, List<String> header, String column) {
        return Long.parseLong(cells[header.indexOf(column)]);
    }

    /**
     * The replica's rows of the replicate table: its own count and checksum of each chunk
     * ({@code this_cnt}, {@code this_crc}) next to the master's, which the tool copied there. So the
     * table really was checksummed on both servers, not only on the master.
     */
    static ReplicaCheck replicaCheck(MySqlServer replica, String database, String table) throws SQLException {
        try (Connection c = replica.connect();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(this_cnt), 0), COALESCE(SUM("
                     + "master_cnt IS NULL OR master_crc IS NULL OR this_cnt <> master_cnt OR this_crc <> master_crc),"
                     + " 0) FROM " + REPLICATE + " WHERE db = ? AND tbl = ?")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new ReplicaCheck(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }
}
