package dev.duplex.capture.ddl;

import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.sql.Identifiers;
import java.util.regex.Pattern;

/**
 * Writes node b's name for every name of a statement (forward: node a's names in): databases
 * and tables by {@code renameTo} and {@code capitalization} (TaskConfig owns that mapping),
 * columns by capitalization, routines keep their own name. A name that does not change keeps its
 * spelling; one that only changes case keeps its quoting; any other is backquoted.
 *
 * <p>An unqualified name means the session's default database (in a routine body: the routine's
 * database, when it runs). On node b the statement runs in {@code home}'s node-b name, so an
 * unqualified name that meant another database gets that database's node-b name as qualifier.
 */
final class NameMapper {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_$]*[A-Za-z_$][A-Za-z0-9_$]*");

    private final TaskConfig config;

    NameMapper(TaskConfig config) {
        this.config = config;
    }

    /**
     * @param defaultDb the session's default database on node a ("" if none)
     * @param routineDb the database of the routine the statement creates (for its body), else null
     * @param home      the node-a database whose node-b name the statement runs in on node b
     */
    void map(NameUse use, String defaultDb, String routineDb, String home, Edits edits) {
        String context = use.routine() && routineDb != null ? routineDb : defaultDb;
        ObjectRef ref = use.ref();
        switch (use.role()) {
            case TABLE, VIEW -> {
                String db = ref.database(context);
                String table = config.targetTableName(db, ref.object());
                object(ref, db, spell(ref.name(), table), use.routine(), home, edits);
            }
            case ROUTINE -> object(ref, ref.database(context), ref.name().text(), use.routine(), home, edits);
            case COLUMN -> {
                ObjectRef owner = use.owner();
                String db = owner.database(context);
                edits.replace(ref.name(), spell(ref.name(), config.targetColumnName(db, owner.object(), ref.object())));
            }
            case QUALIFIER -> {
                String db = use.owner().database(context);
                edits.replace(ref.name(), spell(ref.name(), config.targetTableName(db, ref.object())));
            }
        }
    }

    private void object(ObjectRef ref, String db, String name, boolean inRoutine, String home, Edits edits) {
        if (db.isEmpty()) {
            return; // unqualified without a default database: node a refused it, nothing to map
        }
        String targetDb = config.targetDatabaseName(db);
        if (ref.qualified()) {
            edits.replace(ref.db(), spell(ref.db(), targetDb));
            edits.replace(ref.name(), name);
        } else if (inRoutine || db.equals(home)) {
            edits.replace(ref.name(), name);
        } else {
            edits.replace(ref.name(), Identifiers.quote(targetDb) + "." + name);
        }
    }

    /** {@code name} written the way {@code original} was, as far as it can be. */
    static String spell(Token original, String name) {
        if (original.name().equals(name)) {
            return original.text();
        }
        if (original.type() == Token.Type.WORD && original.name().equalsIgnoreCase(name) && PLAIN.matcher(name).matches()) {
            return name;
        }
        return Identifiers.quote(name);
    }
}
