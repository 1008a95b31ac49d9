package dev.duplex.cli.e2e;

import dev.duplex.core.model.BinlogPosition;
import dev.duplex.sandbox.MySqlServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a server's binlog through SQL: where it ends, and which tables it wrote since a position. */
public final class Binlogs {
    private static final Pattern TABLE_MAP = Pattern.compile("\\(`?([^`.]+)`?\\.`?([^`)]+)`?\\)");

    private Binlogs() {}

    /** One binlog event as SHOW BINLOG EVENTS lists it. */
    public record Event(String file, long pos, String type, String info) {}

    public static BinlogPosition end(MySqlServer server) throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            if (!rs.next()) {
                throw new IllegalStateException(server.name() + " has no binlog (SHOW MASTER STATUS is empty)");
            }
            return new BinlogPosition(rs.getString(1), rs.getLong(2), "");
        }
    }

    /** Every event from {@code from} to the end, across later files too. */
    public static List<Event> eventsSince(MySqlServer server, BinlogPosition from) throws SQLException {
        List<Event> out = new ArrayList<>();
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            for (String file : filesFrom(st, from.file())) {
                long pos = file.equals(from.file()) ? from.pos() : 4;
                try (ResultSet rs = st.executeQuery("SHOW BINLOG EVENTS IN '" + file + "' FROM " + pos)) {
                    while (rs.next()) {
                        out.add(new Event(file, rs.getLong("Pos"), rs.getString("Event_type"), rs.getString("Info")));
                    }
                }
            }
        }
        return out;
    }

    private static List<String> filesFrom(Statement st, String first) throws SQLException {
        List<String> files = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                if (rs.getString(1).compareTo(first) >= 0) {
                    files.add(rs.getString(1));
                }
            }
        }
        return files;
    }

    /** "db.table" of a Table_map event, from its Info text "table_id: 42 (db.table)". */
    public static String mappedTable(Event e) {
        Matcher m = TABLE_MAP.matcher(e.info());
        if (!m.find()) {
            throw new IllegalStateException("unexpected Table_map info: " + e.info());
        }
        return m.group(1) + "." + m.group(2);
    }

    public static List<String> mappedTables(List<Event> events) {
        return events.stream().filter(e -> e.type().equals("Table_map")).map(Binlogs::mappedTable).toList();
    }
}
