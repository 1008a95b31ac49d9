package dev.duplex.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * What a new version of a task's configuration selects that the stored one did not: a running
 * task sends only the changes committed after the capture took the new version in, so what these
 * held before is not copied (docs/config.md, "When a changed configuration takes effect").
 */
public final class NewlySelected {
    private NewlySelected() {}

    /** Each newly selected database, table, column set or filter, as a phrase naming it; empty if none. */
    public static List<String> of(TaskConfig stored, TaskConfig next) {
        List<String> out = new ArrayList<>();
        ObjectSelection before = stored.objects();
        for (DatabaseSelection db : next.objects().databases()) {
            DatabaseSelection was = before.database(db.name());
            if (was == null) {
                out.add("database " + db.name());
            } else if (db.isWholeDatabase() && !was.isWholeDatabase()) {
                out.add("every table of database " + db.name());
            } else if (!db.isWholeDatabase()) {
                for (TableSelection t : db.tables()) {
                    table(db.name(), t, before.table(db.name(), t.name()), out);
                }
            }
        }
        return out;
    }

    private static void table(String db, TableSelection t, TableSelection was, List<String> out) {
        String name = db + "." + t.name();
        if (was == null) {
            out.add("table " + name);
            return;
        }
        if (!was.allColumns() && (t.allColumns() || !was.columns().containsAll(t.columns()))) {
            out.add("more columns of " + name);
        }
        if (!t.where().equals(was.where())) {
            out.add("a changed where filter of " + name);
        }
    }
}
