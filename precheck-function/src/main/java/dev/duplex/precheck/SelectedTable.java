package dev.duplex.precheck;

import dev.duplex.core.config.TableSelection;

/**
 * A table the task synchronizes, with its name on each node.
 *
 * @param onlyOnB a table of a whole-database selection that exists on node b but not on node a:
 *                its changes on b would be sent to a table a does not have
 */
public record SelectedTable(String aDb, String aTable, String bDb, String bTable, TableSelection selection,
                            boolean onlyOnB) {

    public String db(String node) {
        return "a".equals(node) ? aDb : bDb;
    }

    public String table(String node) {
        return "a".equals(node) ? aTable : bTable;
    }

    /** {@code db.table} as on {@code node}, for item ids and messages. */
    public String name(String node) {
        return db(node) + "." + table(node);
    }
}
