package dev.duplex.precheck.checks;

import dev.duplex.core.config.ConflictingTablesMode;
import dev.duplex.core.config.SyncType;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.SelectedTable;
import dev.duplex.precheck.facts.SchemaFacts;
import dev.duplex.precheck.facts.TableFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * With schema synchronization, node b must not already have the tables it would create
 * (sync.conflictingTables: precheck-and-report). With ignore-and-proceed, existing tables are
 * kept and used; one whose columns differ from node a's warns. Forward only: node b.
 */
final class ConflictingTablesCheck extends NodeCheck {

    private static final String EXPECTED = "no table on node b with the name of a table schema synchronization creates";

    @Override
    public String id() {
        return "conflicting-tables";
    }

    @Override
    boolean appliesTo(PrecheckContext context, NodeProbe node) {
        return "b".equals(node.id());
    }

    @Override
    List<CheckItem> check(PrecheckContext context, NodeProbe b) {
        String summary = id() + ".b";
        if (!context.syncs(SyncType.SCHEMA)) {
            return List.of(CheckItem.pass(summary, "b", "not applicable: schema synchronization is not selected,"
                    + " so the tables are expected to exist on node b", EXPECTED));
        }
        if (!context.node("a").reachable()) {
            return List.of(notChecked(summary, context.node("a")));
        }
        boolean report = context.config().sync().conflictingTables() == ConflictingTablesMode.PRECHECK_AND_REPORT;
        SchemaFacts a = context.schema("a");
        SchemaFacts schemaB = context.schema("b");
        List<CheckItem> items = new ArrayList<>();
        int kept = 0;
        for (SelectedTable t : context.selection().fromA()) {
            Optional<TableFacts> onB = schemaB.table(t.bDb(), t.bTable());
            Optional<TableFacts> onA = a.table(t.aDb(), t.aTable());
            if (onB.isEmpty() || onA.isEmpty()) {
                continue;
            }
            if (report) {
                items.add(conflict(summary + "." + t.name("b"), t));
                continue;
            }
            String itemId = summary + "." + t.name("b");
            kept++;
            differences(onA.get(), onB.get()).ifPresent(diff -> items.add(CheckItem.warn(itemId, "b", "table "
                    + t.name("b") + " exists on node b and is kept (ignore-and-proceed), but " + diff, "the same columns"
                    + " on both nodes", "ALTER TABLE " + Fixes.table(t.bDb(), t.bTable()) + " so its columns match "
                    + t.name("a") + " on node a, or drop it to have it created")));
        }
        if (items.isEmpty()) {
            return List.of(CheckItem.pass(summary, "b", kept == 0 ? "none of the tables to create exists on node b"
                    : kept + " existing tables on node b are kept (ignore-and-proceed): during full synchronization"
                    + " their rows win, during incremental synchronization node a's rows overwrite them", EXPECTED));
        }
        return items;
    }

    private static CheckItem conflict(String itemId, SelectedTable t) {
        return CheckItem.fail(itemId, "b", "table " + t.name("b") + " already exists on node b", EXPECTED,
                "DROP TABLE " + Fixes.table(t.bDb(), t.bTable()) + "; or RENAME TABLE it on node b, or give "
                        + t.name("a") + " another name on b with renameTo, or set sync.conflictingTables:"
                        + " ignore-and-proceed to use the existing table");
    }

    private static Optional<String> differences(TableFacts a, TableFacts b) {
        List<String> onlyA = names(a).stream().filter(c -> !names(b).contains(c)).toList();
        List<String> onlyB = names(b).stream().filter(c -> !names(a).contains(c)).toList();
        if (onlyA.isEmpty() && onlyB.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("its columns differ (only on a: " + String.join(", ", onlyA) + "; only on b: "
                + String.join(", ", onlyB) + ")");
    }

    private static List<String> names(TableFacts t) {
        return t.columns().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
    }
}
