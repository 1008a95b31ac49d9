package dev.duplex.apply.dml;

import dev.duplex.apply.sql.TableInfo;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.model.Op;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.store.RemovedColumn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Puts a row node b wrote into node a's current shape, by column name. DDL flows a to b only, so
 * a row b committed before a's DDL reached it can name columns a no longer has. Each such column
 * follows what the forward DDL did to it ({@link RemovedColumn}, recorded by the forward apply):
 * renamed, its value goes to the new name (through several renames if need be); dropped, it is
 * left out. A column found neither on a nor in the records is unresolved: the caller waits for the
 * forward DDL or stops. Columns a has that the row lacks are no concern here (the INSERT fills
 * them, see {@link RowTarget#fill()}).
 *
 * <p>Keys: a renamed key column keeps addressing the row under its new name. A dropped one leaves
 * the row without its key; it is then addressed like a row without key columns (a unique key of
 * a it covers, else, on a table without unique keys, every comparable column), and refused when
 * a has unique keys and the row covers none: no statement could find the row reliably.
 */
final class ReverseRow {
    private ReverseRow() {}

    /**
     * @param change     the row in a's shape, or null when none of its columns is left on a
     * @param unresolved the row's columns that a lacks and no record explains
     */
    record Result(RowChange change, List<String> unresolved) {}

    /** The row's columns that {@code target} does not have. */
    static List<String> missing(RowChange change, TableInfo target) {
        return change.columns().stream().filter(c -> target.column(c) == null).toList();
    }

    /** @param removed the table's records, keyed by lower-case column name */
    static Result reshape(RowChange change, TableInfo target, Map<String, RemovedColumn> removed) {
        List<String> names = change.columns();
        String[] mapped = new String[names.size()]; // a's name per column of the row, null: left out
        List<String> unresolved = new ArrayList<>();
        Set<String> renamedOnto = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (target.column(names.get(i)) != null) {
                mapped[i] = names.get(i);
                continue;
            }
            Resolution r = follow(names.get(i), target, removed);
            if (r == Resolution.UNKNOWN) {
                unresolved.add(names.get(i));
            } else if (r.to != null) {
                mapped[i] = r.to;
                renamedOnto.add(key(r.to));
            }
        }
        if (!unresolved.isEmpty()) {
            return new Result(null, List.copyOf(unresolved));
        }
        // A row that still has x with x renamed onto y predates that rename: its own y is an older
        // column than a's y, so the renamed value takes the name.
        for (int i = 0; i < names.size(); i++) {
            if (mapped[i] != null && mapped[i].equals(names.get(i)) && renamedOnto.contains(key(names.get(i)))) {
                mapped[i] = null;
            }
        }
        return new Result(rebuild(change, target, mapped), List.of());
    }

    /** Where {@code column} went: a name {@code target} has, dropped, or unknown. */
    private static Resolution follow(String column, TableInfo target, Map<String, RemovedColumn> removed) {
        Set<String> seen = new HashSet<>();
        String current = column;
        while (seen.add(key(current))) {
            RemovedColumn r = removed.get(key(current));
            if (r == null) {
                return Resolution.UNKNOWN;
            }
            if (r.dropped()) {
                return Resolution.DROPPED;
            }
            current = r.renamedTo();
            if (target.column(current) != null) {
                return new Resolution(target.column(current).name());
            }
        }
        return Resolution.UNKNOWN; // renamed in a circle without landing on a column a has
    }

    private static RowChange rebuild(RowChange change, TableInfo target, String[] mapped) {
        List<String> columns = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < mapped.length; i++) {
            if (mapped[i] != null) {
                columns.add(mapped[i]);
                kept.add(i);
            }
        }
        if (columns.isEmpty()) {
            return null;
        }
        List<String> key = new ArrayList<>();
        boolean keyLost = false;
        for (String k : change.keyColumns()) {
            int i = RowTarget.indexOf(change.columns(), k);
            if (mapped[i] == null) {
                keyLost = true;
            } else {
                key.add(mapped[i]);
            }
        }
        if (keyLost) {
            requireAddressable(change, target, columns);
            key = List.of();
        }
        return new RowChange(change.op(), change.database(), change.table(), columns, key,
                RowTarget.pick(change.before(), kept), RowTarget.pick(change.after(), kept));
    }

    private static void requireAddressable(RowChange change, TableInfo target, List<String> columns) {
        if (change.op() == Op.INSERT || target.uniqueKeys().isEmpty()) {
            return;
        }
        Set<String> present = new HashSet<>();
        columns.forEach(c -> present.add(key(c)));
        boolean covered = target.uniqueKeys().stream().anyMatch(k -> k.stream().allMatch(c -> present.contains(key(c))));
        if (!covered) {
            throw new FatalException("a " + change.op() + " of " + change.database() + "." + change.table()
                    + " written on node b is keyed on " + change.keyColumns() + ", which node a dropped, and covers"
                    + " none of node a's unique keys " + target.uniqueKeys() + ": it cannot address the row on node a."
                    + " Give the table on node a a unique key over columns node b's rows still carry, then"
                    + " `duplex task recover`");
        }
    }


    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** {@code to}: a's name; null with {@link #DROPPED}. */
    private record Resolution(String to) {
        static final Resolution DROPPED = new Resolution(null);
        static final Resolution UNKNOWN = new Resolution("");
    }
}
