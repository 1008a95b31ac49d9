package dev.duplex.precheck.checks;

import dev.duplex.core.sql.StorageEngines;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.SelectedTable;
import dev.duplex.precheck.facts.TableFacts;

import java.util.Optional;

/**
 * Every selected table uses a transactional engine (InnoDB) on each node that has it. Loop
 * prevention drops a transaction holding the apply_checkpoint marker; a non-transactional
 * engine logs its rows outside that transaction, so Duplex's own writes would echo back
 * (issue #13). Capture refuses such a table too; this catches it before the task starts.
 */
final class StorageEngineCheck extends TableCheck {

    @Override
    public String id() {
        return "storage-engine";
    }

    @Override
    String expected() {
        return "ENGINE=" + StorageEngines.INNODB + " (a transactional engine, so Duplex's loop-prevention marker"
                + " shares the transaction of every row it applies)";
    }

    @Override
    String passed(int tables) {
        return "every one of " + count(tables) + " uses " + StorageEngines.INNODB;
    }

    @Override
    Optional<CheckItem> inspect(PrecheckContext context, NodeProbe node, SelectedTable table, TableFacts facts) {
        if (StorageEngines.isTransactional(facts.engine())) {
            return Optional.empty();
        }
        return Optional.of(CheckItem.fail(itemId(node, table), node.id(), StorageEngines.why(facts.engine()),
                expected(), StorageEngines.fix(facts.database(), facts.name())));
    }
}
