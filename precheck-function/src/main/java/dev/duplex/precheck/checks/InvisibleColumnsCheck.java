package dev.duplex.precheck.checks;

import dev.duplex.core.config.TableSelection;
import dev.duplex.core.sql.Identifiers;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.SelectedTable;
import dev.duplex.precheck.facts.ServerFacts;
import dev.duplex.precheck.facts.TableFacts;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Invisible columns (MySQL 8.0.23+, including generated invisible primary keys; MariaDB 10.3+)
 * warn: SELECT * leaves them out, so a copy that reads rows that way loses their data (the
 * reference's limit). The binlog carries them, so incremental synchronization keeps them.
 */
final class InvisibleColumnsCheck extends TableCheck {

    @Override
    public String id() {
        return "invisible-columns";
    }

    @Override
    String expected() {
        return "no invisible columns in synchronized tables";
    }

    @Override
    String passed(int tables) {
        return "no invisible column in " + count(tables);
    }

    @Override
    List<CheckItem> check(PrecheckContext context, NodeProbe node) {
        ServerFacts f = node.facts();
        if (!hasInvisibleColumns(f)) {
            return List.of(CheckItem.pass(id() + "." + node.id(), node.id(), "not applicable: " + f.describe()
                    + " has no invisible columns", expected()));
        }
        return super.check(context, node);
    }

    static boolean hasInvisibleColumns(ServerFacts f) {
        return f.isMariaDb() ? f.version().atLeast(10, 3, 3) : f.version().atLeast(8, 0, 23);
    }

    @Override
    Optional<CheckItem> inspect(PrecheckContext context, NodeProbe node, SelectedTable table, TableFacts facts) {
        // Duplex's own version column is copied by name, as every column is; the warning is for the user's.
        List<TableFacts.Column> invisible = facts.columns().stream().filter(TableFacts.Column::invisible)
                .filter(c -> !c.name().equalsIgnoreCase(TableSelection.DEFAULT_LWW_COLUMN)).toList();
        if (invisible.isEmpty()) {
            return Optional.empty();
        }
        String name = Fixes.table(facts.database(), facts.name());
        boolean maria = node.facts().isMariaDb();
        String fix = invisible.stream().map(c -> maria
                ? "ALTER TABLE " + name + " MODIFY " + Identifiers.quote(c.name()) + " " + c.type()
                + (c.nullable() ? " NULL" : " NOT NULL") + "; (repeat its DEFAULT, without INVISIBLE)"
                : "ALTER TABLE " + name + " ALTER COLUMN " + Identifiers.quote(c.name()) + " SET VISIBLE;")
                .collect(Collectors.joining(" "));
        return Optional.of(CheckItem.warn(itemId(node, table), node.id(), "invisible columns "
                + invisible.stream().map(TableFacts.Column::name).collect(Collectors.joining(", "))
                + ": SELECT * leaves them out, so copying rows that way loses their data", expected(), fix));
    }
}
