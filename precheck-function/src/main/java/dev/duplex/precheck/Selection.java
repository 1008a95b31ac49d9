package dev.duplex.precheck;

import dev.duplex.core.config.DatabaseSelection;
import dev.duplex.core.config.TableRef;
import dev.duplex.core.config.TableSelection;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.precheck.facts.SchemaFacts;
import dev.duplex.precheck.facts.TableFacts;

import java.util.ArrayList;
import java.util.List;

/**
 * The tables a task synchronizes, resolved against the servers: a whole-database selection
 * means the tables node a has now (plus, for the reverse direction, those only node b has).
 */
public final class Selection {

    private final List<SelectedTable> tables;

    private Selection(List<SelectedTable> tables) {
        this.tables = List.copyOf(tables);
    }

    /** @param b node b's schema, or null when node b is unreachable */
    public static Selection resolve(TaskConfig config, SchemaFacts a, SchemaFacts b) {
        List<SelectedTable> out = new ArrayList<>();
        for (DatabaseSelection d : config.objects().databases()) {
            String bDb = config.targetDatabaseName(d.name());
            if (!d.isWholeDatabase()) {
                for (TableSelection t : d.tables()) {
                    out.add(new SelectedTable(d.name(), t.name(), bDb, config.targetTableName(d.name(), t.name()),
                            t, false));
                }
                continue;
            }
            for (TableFacts t : a.baseTables(d.name())) {
                TableSelection sel = config.selectionFor(d.name(), t.name());
                if (sel != null) {
                    out.add(new SelectedTable(d.name(), t.name(), bDb, config.targetTableName(d.name(), t.name()),
                            sel, false));
                }
            }
            if (b != null) {
                addOnlyOnB(config, d, bDb, a, b, out);
            }
        }
        return new Selection(out);
    }

    private static void addOnlyOnB(TaskConfig config, DatabaseSelection d, String bDb, SchemaFacts a, SchemaFacts b,
                                   List<SelectedTable> out) {
        for (TableFacts t : b.baseTables(bDb)) {
            TableRef ref = config.objects().sourceOf(bDb, t.name(), config.capitalization());
            if (ref == null || a.table(ref.database(), ref.table()).isPresent()) {
                continue;
            }
            TableSelection sel = config.selectionFor(ref.database(), ref.table());
            if (sel != null) {
                out.add(new SelectedTable(ref.database(), ref.table(), bDb, t.name(), sel, true));
            }
        }
    }

    public List<SelectedTable> tables() {
        return tables;
    }

    /** Tables that node a has or should have: everything but the ones only node b has. */
    public List<SelectedTable> fromA() {
        return tables.stream().filter(t -> !t.onlyOnB()).toList();
    }
}
