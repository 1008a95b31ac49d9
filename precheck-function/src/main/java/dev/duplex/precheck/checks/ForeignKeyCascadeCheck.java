package dev.duplex.precheck.checks;

import dev.duplex.core.sql.Identifiers;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.SelectedTable;
import dev.duplex.precheck.facts.TableFacts;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Foreign keys with ON DELETE / ON UPDATE CASCADE, SET NULL or SET DEFAULT warn: InnoDB performs
 * those changes itself and does not write them to the binlog, and Duplex applies with
 * foreign_key_checks=0, so a cascade on one node is not repeated on the other (reference).
 */
final class ForeignKeyCascadeCheck extends TableCheck {

    private static final Set<String> CASCADING = Set.of("CASCADE", "SET NULL", "SET DEFAULT");

    @Override
    public String id() {
        return "fk-cascade";
    }

    @Override
    String expected() {
        return "foreign keys with RESTRICT or NO ACTION (cascaded changes are not in the binlog)";
    }

    @Override
    String passed(int tables) {
        return "no cascading foreign key on " + count(tables);
    }

    @Override
    Optional<CheckItem> inspect(PrecheckContext context, NodeProbe node, SelectedTable table, TableFacts facts) {
        List<TableFacts.ForeignKey> cascading = facts.foreignKeys().stream()
                .filter(fk -> CASCADING.contains(fk.deleteRule()) || CASCADING.contains(fk.updateRule())).toList();
        if (cascading.isEmpty()) {
            return Optional.empty();
        }
        String found = cascading.stream().map(fk -> fk.name() + " (ON DELETE " + fk.deleteRule() + " ON UPDATE "
                + fk.updateRule() + ")").collect(Collectors.joining(", "));
        String fix = cascading.stream().map(fk -> restrict(facts, fk)).collect(Collectors.joining(" "));
        return Optional.of(CheckItem.warn(itemId(node, table), node.id(), found + ": rows changed by the cascade are"
                + " not synchronized", expected(), fix + " and delete or update the child rows explicitly"));
    }

    private static String restrict(TableFacts t, TableFacts.ForeignKey fk) {
        String cols = fk.columns().stream().map(Identifiers::quote).collect(Collectors.joining(", "));
        String refCols = fk.referencedColumns().stream().map(Identifiers::quote).collect(Collectors.joining(", "));
        return "ALTER TABLE " + Fixes.table(t.database(), t.name()) + " DROP FOREIGN KEY " + Identifiers.quote(fk.name())
                + ", ADD CONSTRAINT " + Identifiers.quote(fk.name()) + " FOREIGN KEY (" + cols + ") REFERENCES "
                + Fixes.table(fk.referencedDatabase(), fk.referencedTable()) + " (" + refCols
                + ") ON DELETE RESTRICT ON UPDATE RESTRICT;";
    }
}
