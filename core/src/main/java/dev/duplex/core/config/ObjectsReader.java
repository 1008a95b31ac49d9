package dev.duplex.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duplex.core.model.Op;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code objects}: the databases to synchronize and, optionally, their tables. */
final class ObjectsReader {

    private static final Map<String, String> HINTS = Map.of(
            "name", "write the database as database: NAME",
            "table", "did you mean 'tables'?",
            "where", "where is set per table, under tables",
            "columns", "columns are set per table, under tables");

    private ObjectsReader() {}

    /**
     * The selected databases; entries with problems are left out, and {@code paths} gets the
     * path of each returned entry for later checks.
     */
    static List<DatabaseSelection> read(JsonNode objects, Problems problems, List<String> paths) {
        if (objects == null || objects.isNull()) {
            problems.add("objects", "objects is missing", "list the databases to synchronize, e.g. objects: [{database: shop}]");
            return List.of();
        }
        if (!objects.isArray() || objects.isEmpty()) {
            problems.add("objects", objects.isArray() ? "objects is empty" : "objects must be a list",
                    "list the databases to synchronize, e.g. objects: [{database: shop}]");
            return List.of();
        }
        List<DatabaseSelection> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < objects.size(); i++) {
            String path = Problems.item("objects", i);
            DatabaseSelection d = database(objects.get(i), path, problems);
            if (d == null) {
                continue;
            }
            String first = seen.putIfAbsent(d.name(), path);
            if (first != null) {
                problems.add(Problems.child(path, "database"), "database " + d.name() + " is selected twice"
                        + " (first at " + first + ")", "merge the two entries into one");
            } else {
                out.add(d);
                paths.add(path);
            }
        }
        return out;
    }

    private static DatabaseSelection database(JsonNode item, String path, Problems problems) {
        if (item != null && item.isTextual()) {
            String name = item.asText();
            return Names.checkDatabase(name, path, problems) ? DatabaseSelection.whole(name) : null;
        }
        int before = problems.size();
        Section s = Section.open(item, path, problems, HINTS,
                "database", "renameTo", "tables", "operations", "conflictPolicy");
        String name = s.requiredString("database", "write the database's name on node a, e.g. database: shop");
        if (name != null) {
            Names.checkDatabase(name, s.path("database"), problems);
        }
        String renameTo = s.optionalString("renameTo");
        if (renameTo != null) {
            Names.checkDatabase(renameTo, s.path("renameTo"), problems);
        }
        List<TableSelection> tables = tables(s);
        Set<OpCode> ops = Choices.readSet(s, "operations", OpCode.class);
        ConflictPolicy policy = s.choice("conflictPolicy", ConflictPolicy.class, null);
        if (problems.size() != before || !s.isValid()) {
            return null;
        }
        Set<Op> operations = ops == null ? null : OpCode.toOps(ops);
        return new DatabaseSelection(name, renameTo, tables, operations, policy);
    }

    private static List<TableSelection> tables(Section s) {
        List<JsonNode> items = s.list("tables");
        if (items == null) {
            return List.of();
        }
        if (items.isEmpty()) {
            s.problems().add(s.path("tables"), "tables is empty",
                    "list the tables to synchronize, or remove tables to synchronize the whole database");
            return List.of();
        }
        List<TableSelection> tables = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = Problems.item(s.path("tables"), i);
            TableSelection t = TableReader.read(items.get(i), path, s.problems());
            if (t == null) {
                continue;
            }
            String first = seen.putIfAbsent(t.name(), path);
            if (first != null) {
                s.problems().add(path, "table " + t.name() + " is selected twice (first at " + first + ")",
                        "merge the two entries into one");
            } else {
                tables.add(t);
            }
        }
        return tables;
    }
}
