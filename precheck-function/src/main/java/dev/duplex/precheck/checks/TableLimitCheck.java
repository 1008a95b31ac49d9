package dev.duplex.precheck.checks;

import dev.duplex.core.config.DatabaseSelection;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.precheck.Check;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.PrecheckContext;

import java.util.List;

/**
 * At most 1,000 tables when object names are edited (renameTo on a database or table), as in the
 * reference. The configuration already refuses more than 1,000 listed tables; this counts the
 * tables of whole databases on node a too.
 */
final class TableLimitCheck implements Check {

    static final String ID = "table-limit";
    static final int LIMIT = 1000;
    private static final String EXPECTED = "at most 1,000 tables when names are edited";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<CheckItem> run(PrecheckContext context) {
        TaskConfig config = context.config();
        if (!renames(config)) {
            return List.of(CheckItem.pass(ID, "a", "no database or table is renamed", EXPECTED));
        }
        if (!context.node("a").reachable()) {
            return List.of(NodeCheck.notChecked(ID, context.node("a")));
        }
        int tables = context.selection().fromA().size();
        return List.of(decide(tables));
    }

    static CheckItem decide(int tables) {
        String found = tables + " tables selected, with renamed objects";
        if (tables <= LIMIT) {
            return CheckItem.pass(ID, "a", found, EXPECTED);
        }
        return CheckItem.fail(ID, "a", found, EXPECTED, "split the selection over several tasks of at most 1,000"
                + " tables each, or select whole databases without renaming their tables");
    }

    private static boolean renames(TaskConfig config) {
        for (DatabaseSelection d : config.objects().databases()) {
            if (d.isRenamed() || d.tables().stream().anyMatch(t -> t.isRenamed())) {
                return true;
            }
        }
        return false;
    }
}
