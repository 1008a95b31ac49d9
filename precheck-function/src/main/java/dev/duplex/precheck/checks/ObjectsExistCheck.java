package dev.duplex.precheck.checks;

import dev.duplex.core.config.DatabaseSelection;
import dev.duplex.core.config.SyncType;
import dev.duplex.core.sql.Identifiers;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.SelectedTable;
import dev.duplex.precheck.facts.SchemaFacts;
import dev.duplex.precheck.facts.TableFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every selected object exists. On node a: each selected database, each listed table (a base
 * table, not a view) and each listed column. On node b, when schema synchronization is not
 * selected (nothing creates them): each target table and its selected columns. A table only
 * node b has in a whole-database selection warns: its changes on b have nowhere to go on a.
 */
final class ObjectsExistCheck extends NodeCheck {

    private static final String EXPECTED = "every selected database, table and column exists";

    @Override
    public String id() {
        return "object-exists";
    }

    @Override
    List<CheckItem> check(PrecheckContext context, NodeProbe node) {
        if (!context.node("a").reachable()) {
            return List.of(CheckItem.notChecked(id() + "." + node.id(), node.id(), "node a is unreachable, and its"
                    + " tables make up the selection", "fix connectivity.a, then run the precheck again"));
        }
        boolean nodeA = "a".equals(node.id());
        if (!nodeA && context.syncs(SyncType.SCHEMA)) {
            return List.of(CheckItem.pass(id() + ".b", "b", "schema synchronization creates the selected databases"
                    + " and tables on node b", EXPECTED));
        }
        List<CheckItem> problems = new ArrayList<>(nodeA ? databases(context) : List.of());
        SchemaFacts schema = context.schema(node.id());
        int tables = 0;
        for (SelectedTable t : context.selection().tables()) {
            if (t.onlyOnB()) {
                if (nodeA) {
                    problems.add(onlyOnB(t));
                }
                continue;
            }
            if (!schema.hasDatabase(t.db(node.id())) && nodeA) {
                continue; // reported for the database
            }
            tables++;
            table(node, t, schema.table(t.db(node.id()), t.table(node.id()))).ifPresent(problems::add);
        }
        if (problems.isEmpty()) {
            return List.of(CheckItem.pass(id() + "." + node.id(), node.id(), context.databases(node.id()).size()
                    + " databases and " + tables + " tables found", EXPECTED));
        }
        return problems;
    }

    private List<CheckItem> databases(PrecheckContext context) {
        SchemaFacts a = context.schema("a");
        List<CheckItem> out = new ArrayList<>();
        for (DatabaseSelection d : context.config().objects().databases()) {
            if (!a.hasDatabase(d.name())) {
                out.add(CheckItem.fail(id() + ".a." + d.name(), "a", "database " + d.name() + " does not exist on node a",
                        EXPECTED, "CREATE DATABASE " + Identifiers.quote(d.name()) + "; on node a, or remove "
                                + d.name() + " from objects (names are case-sensitive unless lower_case_table_names"
                                + " is set)"));
            }
        }
        return out;
    }

    private Optional<CheckItem> table(NodeProbe node, SelectedTable t, Optional<TableFacts> facts) {
        String itemId = id() + "." + node.id() + "." + t.name(node.id());
        String n = node.id();
        if (facts.isEmpty()) {
            String fix = "a".equals(n) ? "create " + t.name("a") + " on node a, or remove it from objects"
                    : "create " + t.name("b") + " on node b with node a's definition (SHOW CREATE TABLE "
                    + Fixes.table(t.aDb(), t.aTable()) + " on a), or add schema to sync.types";
            return Optional.of(CheckItem.fail(itemId, n, "table " + t.name(n) + " does not exist on node " + n,
                    EXPECTED, fix));
        }
        if (facts.get().view()) {
            return Optional.of(CheckItem.fail(itemId, n, t.name(n) + " is a view; views are not synchronized as data",
                    EXPECTED, "select the base tables the view reads instead"));
        }
        List<String> missing = t.selection().columns().stream()
                .filter(c -> facts.get().column(c).isEmpty()).toList();
        if (!missing.isEmpty()) {
            return Optional.of(CheckItem.fail(itemId, n, "columns " + String.join(", ", missing) + " of " + t.name(n)
                    + " do not exist on node " + n, EXPECTED, "correct the columns of " + t.name("a") + " in objects"
                    + ("a".equals(n) ? "" : ", or add them to " + t.name("b") + " on node b")));
        }
        return Optional.empty();
    }

    private CheckItem onlyOnB(SelectedTable t) {
        return CheckItem.warn(id() + ".a." + t.name("a"), "a", "table " + t.name("b") + " exists only on node b: its"
                + " changes on b are sent to node a, which has no such table", EXPECTED,
                "create it on node a (with node b's SHOW CREATE TABLE " + Fixes.table(t.bDb(), t.bTable())
                        + "), or drop it on node b");
    }
}
