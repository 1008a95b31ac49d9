package dev.duplex.precheck.checks;

import dev.duplex.core.sql.TableTypes;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.SelectedTable;
import dev.duplex.precheck.facts.TableFacts;
import java.util.Optional;

/**
 * No selected table is system-versioned (MariaDB's {@code WITH SYSTEM VERSIONING}) on a node that
 * has it: the binlog logs such a table's deletes as updates of its history and its updates with an
 * extra history insert, which applied as rows would leave deleted rows current on the other node
 * ({@link TableTypes}). Capture refuses such a table too; this catches it before the task starts.
 */
final class SystemVersioningCheck extends TableCheck {

    @Override
    public String id() {
        return "system-versioning";
    }

    @Override
    String expected() {
        return "tables without system versioning (Duplex synchronizes current rows, not a history)";
    }

    @Override
    String passed(int tables) {
        return "none of " + count(tables) + " is system-versioned";
    }

    @Override
    Optional<CheckItem> inspect(PrecheckContext context, NodeProbe node, SelectedTable table, TableFacts facts) {
        if (!facts.systemVersioned()) {
            return Optional.empty();
        }
        return Optional.of(CheckItem.fail(itemId(node, table), node.id(), TableTypes.whySystemVersioned(), expected(),
                TableTypes.fixSystemVersioned(facts.database(), facts.name()) + " on node " + node.id()
                        + ", or remove the table from the task's objects"));
    }
}
