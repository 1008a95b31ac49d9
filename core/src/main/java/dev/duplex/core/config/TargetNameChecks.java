package dev.duplex.core.config;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the names objects get on node b: no two databases, and no two tables of one database,
 * may end up with the same name (compared without case, as many servers run with
 * lower_case_table_names=1), and the reference's limit of 1,000 tables when names are edited.
 */
final class TargetNameChecks {

    static final int MAX_TABLES_WITH_RENAMES = 1000;

    private TargetNameChecks() {}

    static void check(List<DatabaseSelection> dbs, List<String> paths, Capitalization cap, Problems problems) {
        Map<String, String> dbTargets = new HashMap<>();
        for (int i = 0; i < dbs.size(); i++) {
            DatabaseSelection d = dbs.get(i);
            String target = ObjectSelection.targetName(d, cap);
            String path = Problems.child(paths.get(i), d.isRenamed() ? "renameTo" : "database");
            String first = dbTargets.putIfAbsent(key(target), paths.get(i));
            if (first != null) {
                problems.add(path, "database " + d.name() + " would be named " + target + " on node b, the same"
                        + " name as the database of " + first, "rename one of them to a distinct name");
            }
            checkTables(d, paths.get(i), cap, problems);
        }
        checkTableLimit(dbs, problems);
    }

    private static void checkTables(DatabaseSelection d, String dbPath, Capitalization cap, Problems problems) {
        Map<String, String> targets = new HashMap<>();
        for (int j = 0; j < d.tables().size(); j++) {
            TableSelection t = d.tables().get(j);
            String tablePath = Problems.item(Problems.child(dbPath, "tables"), j);
            String target = ObjectSelection.targetName(t, cap);
            String first = targets.putIfAbsent(key(target), tablePath);
            if (first != null) {
                problems.add(Problems.child(tablePath, t.isRenamed() ? "renameTo" : "name"),
                        "table " + t.name() + " would be named " + target + " on node b, the same name as the"
                                + " table of " + first, "rename one of them to a distinct name");
            }
        }
    }

    private static void checkTableLimit(List<DatabaseSelection> dbs, Problems problems) {
        boolean renames = dbs.stream().anyMatch(d -> d.isRenamed()
                || d.tables().stream().anyMatch(TableSelection::isRenamed));
        int tables = dbs.stream().mapToInt(d -> d.tables().size()).sum();
        if (renames && tables > MAX_TABLES_WITH_RENAMES) {
            problems.add("objects", tables + " tables are listed and names are edited; at most "
                    + MAX_TABLES_WITH_RENAMES + " tables can be listed when databases or tables are renamed",
                    "split the tables over several tasks, or select whole databases");
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
