package dev.duplex.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks that need a table's effective conflict policy (its own, its database's or the task's):
 * a last-writer-wins table is decided by its version alone, and a version column is only read
 * under last-writer-wins. Gives each listed last-writer-wins table its version column by name, so
 * a column list selects it without the user listing it.
 */
final class LwwChecks {
    private LwwChecks() {}

    static List<DatabaseSelection> check(List<DatabaseSelection> dbs, List<String> paths, SyncConfig sync,
                                         Problems problems) {
        List<DatabaseSelection> out = new ArrayList<>();
        for (int i = 0; i < dbs.size(); i++) {
            DatabaseSelection d = dbs.get(i);
            ConflictPolicy dbPolicy = d.conflictPolicy() != null ? d.conflictPolicy() : sync.conflictPolicy();
            List<TableSelection> tables = new ArrayList<>();
            for (int j = 0; j < d.tables().size(); j++) {
                TableSelection t = d.tables().get(j);
                String path = Problems.item(Problems.child(paths.get(i), "tables"), j);
                ConflictPolicy policy = t.conflictPolicy() != null ? t.conflictPolicy() : dbPolicy;
                tables.add(check(t, policy == ConflictPolicy.LAST_WRITER_WINS, path, problems));
            }
            out.add(new DatabaseSelection(d.name(), d.renameTo(), tables, d.operations(), d.conflictPolicy()));
        }
        return out;
    }

    private static TableSelection check(TableSelection t, boolean lww, String path, Problems problems) {
        if (!lww) {
            if (t.lwwColumn() != null) {
                problems.add(Problems.child(path, "lwwColumn"), "lwwColumn is set but the table's conflictPolicy is"
                        + " not last-writer-wins", "set conflictPolicy: last-writer-wins, or remove lwwColumn");
            }
            return t;
        }
        for (String rule : new String[] {t.useMax() != null ? "useMax" : null, t.useMin() != null ? "useMin" : null}) {
            if (rule != null) {
                problems.add(Problems.child(path, rule), rule + " is set on a last-writer-wins table, which the row"
                        + " version decides", "remove " + rule + ", or give the table another conflictPolicy");
            }
        }
        if (t.lwwColumn() != null) {
            return t;
        }
        return new TableSelection(t.name(), t.renameTo(), t.columns(), t.where(), t.operations(), t.conflictPolicy(),
                t.useMax(), t.useMin(), TableSelection.DEFAULT_LWW_COLUMN, t.delta());
    }
}
