package dev.duplex.precheck.checks;

import dev.duplex.core.config.TableSelection;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.SelectedTable;
import dev.duplex.precheck.facts.TableFacts;

import java.util.List;
import java.util.Optional;

/**
 * Every selected table has a primary key, or a unique key of NOT NULL columns: rows are found
 * on the other node by it, and without one updates and deletes cannot find their row and
 * retries duplicate it. When columns are selected, the key's columns must be among them.
 */
final class PrimaryKeyCheck extends TableCheck {

    @Override
    public String id() {
        return "primary-key";
    }

    @Override
    String expected() {
        return "a PRIMARY KEY, or a UNIQUE key of NOT NULL columns, among the synchronized columns";
    }

    @Override
    String passed(int tables) {
        return "every one of " + count(tables) + " has a primary key or a NOT NULL unique key";
    }

    @Override
    Optional<CheckItem> inspect(PrecheckContext context, NodeProbe node, SelectedTable table, TableFacts facts) {
        if (facts.sequence()) {
            return Optional.empty(); // no key to add: the sequence check says what to do
        }
        String itemId = itemId(node, table);
        String name = Fixes.table(facts.database(), facts.name());
        Optional<TableFacts.Index> key = facts.rowKey();
        if (key.isEmpty()) {
            List<TableFacts.Index> nullable = facts.nullableUniqueKeys();
            String found = nullable.isEmpty() ? "no primary or unique key"
                    : "only unique keys with nullable columns (" + nullable.stream().map(i -> i.name() + " ("
                    + String.join(", ", i.columns()) + ")").reduce((x, y) -> x + ", " + y).orElse("") + ")";
            String fix = nullable.isEmpty()
                    ? "ALTER TABLE " + name + " ADD PRIMARY KEY (<columns that identify a row>); or, if no columns"
                    + " do: ALTER TABLE " + name + " ADD COLUMN `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY;"
                    : "make the key's columns NOT NULL (ALTER TABLE " + name + " MODIFY <column> <type> NOT NULL;)"
                    + " or ADD PRIMARY KEY";
            return Optional.of(CheckItem.fail(itemId, node.id(), found + ": updates and deletes cannot find their row,"
                    + " and rows may be duplicated on the other node", expected(), fix));
        }
        TableSelection sel = table.selection();
        List<String> unselected = key.get().columns().stream().filter(c -> !sel.selectsColumn(c)).toList();
        if (!unselected.isEmpty()) {
            return Optional.of(CheckItem.fail(itemId, node.id(), "key " + key.get().name() + " ("
                    + String.join(", ", key.get().columns()) + ") uses unselected columns " + String.join(", ", unselected),
                    expected(), "add " + String.join(", ", unselected) + " to the columns of " + table.name("a")
                            + " in objects"));
        }
        return Optional.empty();
    }
}
