package dev.duplex.precheck.checks;

import dev.duplex.core.sql.LwwObjects;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.SelectedTable;
import dev.duplex.precheck.facts.TableFacts;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Triggers on selected tables warn: each node is the destination of the other, so a trigger
 * fires again for rows Duplex applies, while what it did on the source arrives as well: double
 * writes.
 */
final class TriggersCheck extends TableCheck {

    @Override
    public String id() {
        return "triggers";
    }

    @Override
    String expected() {
        return "no triggers on synchronized tables (they fire again for applied rows)";
    }

    @Override
    String passed(int tables) {
        return "no trigger on " + count(tables);
    }

    @Override
    Optional<CheckItem> inspect(PrecheckContext context, NodeProbe node, SelectedTable table, TableFacts facts) {
        List<TableFacts.Trigger> triggers = facts.triggers().stream()
                .filter(t -> !LwwObjects.isTrigger(t.name())).toList(); // last-writer-wins' own skip applied rows
        if (triggers.isEmpty()) {
            return Optional.empty();
        }
        String found = triggers.stream().map(t -> t.name() + " (" + t.timing() + " " + t.event() + ")")
                .collect(Collectors.joining(", "));
        String drops = triggers.stream().map(t -> "DROP TRIGGER " + Fixes.table(facts.database(), t.name()) + ";")
                .collect(Collectors.joining(" "));
        return Optional.of(CheckItem.warn(itemId(node, table), node.id(), found + ": fires again for rows Duplex"
                + " applies on node " + node.id() + ", while its effect on the other node is synchronized too",
                expected(), "on node " + node.id() + ": " + drops + " (keep a trigger only if what it writes is not"
                        + " synchronized)"));
    }
}
