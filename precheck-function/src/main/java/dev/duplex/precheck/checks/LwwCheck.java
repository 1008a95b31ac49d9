package dev.duplex.precheck.checks;

import dev.duplex.core.config.ConflictResolution;
import dev.duplex.core.config.TableSelection;
import dev.duplex.core.sql.LwwInstaller;
import dev.duplex.core.sql.LwwObjects;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.SelectedTable;
import dev.duplex.precheck.facts.TableFacts;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What last-writer-wins will add to each of its tables when the task starts (version column,
 * tombstone table, triggers: {@link LwwObjects}), as a warning with every statement, so nothing
 * is changed on a user's tables unseen: acknowledged with {@code lww.*}. A table it cannot serve
 * (no primary key; a named version column that is missing or not a timestamp) fails.
 */
final class LwwCheck extends TableCheck {

    @Override
    public String id() {
        return "lww";
    }

    @Override
    String expected() {
        return "last-writer-wins tables with their version column, tombstone table and triggers";
    }

    @Override
    String passed(int tables) {
        return "nothing to add for last-writer-wins on " + count(tables);
    }

    @Override
    Optional<CheckItem> inspect(PrecheckContext context, NodeProbe node, SelectedTable table, TableFacts facts) {
        if (!(context.config().conflictResolutionFor(table.aDb(), table.aTable())
                instanceof ConflictResolution.LastWriterWins lww)) {
            return Optional.empty();
        }
        String id = itemId(node, table);
        boolean own = TableSelection.DEFAULT_LWW_COLUMN.equals(lww.versionColumn());
        if (facts.rowKey().filter(TableFacts.Index::primary).isEmpty()) {
            return Optional.of(CheckItem.fail(id, node.id(), "no primary key: last-writer-wins keeps a version and a"
                    + " tombstone per primary key", expected(), "add a primary key, or give the table another"
                    + " conflictPolicy"));
        }
        if (own && !InvisibleColumnsCheck.hasInvisibleColumns(node.facts())) {
            return Optional.of(CheckItem.fail(id, node.id(), node.facts().describe() + " has no invisible columns,"
                    + " which the version column Duplex adds is", "MariaDB 10.3.3+ or MySQL 8.0.23+", "upgrade the"
                    + " server, or add a TIMESTAMP(6) column yourself and name it in lwwColumn"));
        }
        if (!own) {
            Optional<TableFacts.Column> c = facts.column(lww.versionColumn());
            String type = c.map(col -> col.type().toLowerCase(Locale.ROOT)).orElse("");
            if (!type.startsWith("timestamp(6)") && !type.startsWith("datetime(6)")) {
                return Optional.of(CheckItem.fail(id, node.id(), c.isEmpty() ? "lwwColumn " + lww.versionColumn()
                        + " does not exist" : "lwwColumn " + lww.versionColumn() + " is " + type, "a TIMESTAMP(6) or"
                        + " DATETIME(6) column", "name a TIMESTAMP(6) column in lwwColumn, or remove lwwColumn to let"
                        + " Duplex add its own"));
            }
        }
        return missing(node, facts, lww.versionColumn(), own, id);
    }

    private Optional<CheckItem> missing(NodeProbe node, TableFacts facts, String column, boolean own, String id) {
        try {
            LwwInstaller installer = new LwwInstaller(node.connection());
            Optional<LwwObjects.Table> t = installer.describe(facts.database(), facts.name(), column, own);
            List<LwwObjects.Step> steps = t.isEmpty() ? List.of() : installer.missing(t.get());
            if (steps.isEmpty()) {
                return Optional.empty();
            }
            String what = steps.stream().map(LwwObjects.Step::id).distinct().collect(Collectors.joining(", "));
            return Optional.of(CheckItem.warn(id, node.id(), "at the task's start Duplex adds to "
                    + Fixes.table(facts.database(), facts.name()) + " on node " + node.id() + ": " + what
                    + " (acknowledge lww.* to let it)", expected(), "SET time_zone = '+00:00';\n"
                    + steps.stream().map(s -> s.sql() + ";").collect(Collectors.joining("\n"))));
        } catch (SQLException e) {
            return Optional.of(CheckItem.notChecked(id, node.id(), "cannot read the table's definition: "
                    + e.getMessage(), "grant the task's user SELECT on information_schema, then run the precheck again"));
        }
    }
}
