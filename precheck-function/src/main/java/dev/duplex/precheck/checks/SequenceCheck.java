package dev.duplex.precheck.checks;

import dev.duplex.core.sql.TableTypes;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.SelectedTable;
import dev.duplex.precheck.facts.TableFacts;
import java.util.Optional;

/**
 * No MariaDB sequence is among the selected tables. A whole-database selection takes a sequence in
 * with the tables (information_schema lists it among them); its state is not something Duplex
 * synchronizes, and it has no key, so the fix the primary-key check would give (add one) cannot be
 * made. This check says what can: leave the sequence out, and keep the nodes' values apart.
 */
final class SequenceCheck extends TableCheck {

    @Override
    public String id() {
        return "sequence";
    }

    @Override
    String expected() {
        return "tables only (Duplex does not synchronize sequences)";
    }

    @Override
    String passed(int tables) {
        return "none of " + count(tables) + " is a sequence";
    }

    @Override
    Optional<CheckItem> inspect(PrecheckContext context, NodeProbe node, SelectedTable table, TableFacts facts) {
        if (!facts.sequence()) {
            return Optional.empty();
        }
        return Optional.of(CheckItem.fail(itemId(node, table), node.id(), TableTypes.whySequence(), expected(),
                TableTypes.fixSequence(facts.database(), facts.name())));
    }
}
