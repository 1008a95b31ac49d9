package dev.duplex.precheck.checks;

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
 * A check of every selected table a node has. A table with a problem gets its own item
 * ({@code id.node.db.table}); when none has one, a single passing item {@code id.node} says so.
 */
abstract class TableCheck extends NodeCheck {

    @Override
    List<CheckItem> check(PrecheckContext context, NodeProbe node) {
        if (!context.node("a").reachable()) {
            return List.of(CheckItem.notChecked(id() + "." + node.id(), node.id(), "node a is unreachable, and its"
                    + " tables make up the selection", "fix connectivity.a, then run the precheck again"));
        }
        SchemaFacts schema = context.schema(node.id());
        List<CheckItem> problems = new ArrayList<>();
        int tables = 0;
        for (SelectedTable t : context.selection().tables()) {
            Optional<TableFacts> facts = schema.table(t.db(node.id()), t.table(node.id()));
            if (facts.isEmpty() || facts.get().view()) {
                continue; // reported by object-exists
            }
            tables++;
            inspect(context, node, t, facts.get()).ifPresent(problems::add);
        }
        if (problems.isEmpty()) {
            return List.of(CheckItem.pass(id() + "." + node.id(), node.id(), passed(tables), expected()));
        }
        return problems;
    }

    /** The problem of one table, if it has one. */
    abstract Optional<CheckItem> inspect(PrecheckContext context, NodeProbe node, SelectedTable table, TableFacts facts);

    /** What the summary item says when no table has a problem. */
    abstract String passed(int tables);

    abstract String expected();

    String itemId(NodeProbe node, SelectedTable table) {
        return id() + "." + node.id() + "." + table.name(node.id());
    }

    static String count(int tables) {
        return tables == 1 ? "1 selected table" : tables + " selected tables";
    }
}
