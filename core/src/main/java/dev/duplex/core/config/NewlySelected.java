package dev.duplex.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a new version of a task's configuration selects that the stored one did not: a running
 * task sends only the changes committed after the capture took the new version in, so what these
 * held before is not copied (docs/config.md, "When a changed configuration takes effect").
 */
public final class NewlySelected {
    private NewlySelected() {}

    /**
     * What to tell whoever stores {@code next} over {@code storedDocument}: what it newly selects
     * gets no backfill. Empty when it selects nothing new, or when the stored document is not valid
     * (nothing to compare with).
     */
    public static Optional<String> warning(String storedDocument, TaskConfig next) {
        List<String> added;
        try {
            added = of(TaskConfigLoader.parse(storedDocument), next);
        } catch (InvalidConfigException e) {
            return Optional.empty();
        }
        return added.isEmpty() ? Optional.empty() : Optional.of("this version newly selects "
                + String.join(", ", added) + ". The task sends only the changes committed after its captures take "
                + "the version in (within a second); rows written before are not copied: copy them with duplex "
                + "verify --repair (docs/config.md, \"When a changed configuration takes effect\")");
    }

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
