package dev.duplex.capture.ddl;

import dev.duplex.core.model.Direction;
import dev.duplex.core.sql.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * The rows a DDL statement removes from selected tables without a row event: TRUNCATE TABLE, DROP
 * TABLE, ALTER TABLE … DROP PARTITION or TRUNCATE PARTITION, and a partition clause that moves rows
 * to or from another table. The binlog holds no DELETE for them, so where the statement is not
 * forwarded (DDL on node b, or on node a with {@code sync.ddl: false}) the other node keeps those
 * rows, and the capture says so.
 */
public final class RowRemovals {
    private RowRemovals() {}

    /** What the statement does to rows and the selected tables it does it to (qualified), if anything. */
    public record Removal(String what, List<String> tables) {
        /**
         * What a statement that is not forwarded did, and the fix either way. Not a stop: DDL goes
         * from node a to node b only, by design (as in the reference), but never silently.
         */
        public String warning(String task, Direction direction, String position) {
            String target = direction.targetNode();
            return "task=" + task + " dir=" + direction.code() + " pos=" + position + ": " + what + " "
                    + String.join(", ", tables) + " on node " + direction.sourceNode() + " only: "
                    + (direction.isForward() ? "sync.ddl is false" : "DDL is synchronized from node a to node b only")
                    + ", and the binlog holds no row change for it, so node " + target + " keeps those rows. Fix: if"
                    + " they should go on both nodes, run the same statement on node " + target + "; if not, copy"
                    + " them back with duplex verify --repair --source " + target;
        }
    }

    /**
     * @param selected whether {@code (database, table)} is synchronized
     * @param drops    whether DROP TABLE counts: not on node b, where the server writes every DROP TABLE
     *                 anew and so drops the apply's mark ({@code AppliedDdl}) of a forwarded one
     */
    public static List<Removal> of(Ddl d, String defaultDb, BiPredicate<String, String> selected, boolean drops) {
        List<Removal> out = new ArrayList<>();
        if (d.kind() == Ddl.Kind.TRUNCATE_TABLE) {
            add(out, "TRUNCATE TABLE emptied", List.of(d.target()), defaultDb, selected);
        } else if (d.kind() == Ddl.Kind.DROP_TABLE && drops) {
            add(out, "DROP TABLE dropped", d.parts().stream().map(p -> p.tables().get(0)).toList(), defaultDb, selected);
        } else if (d.kind() == Ddl.Kind.ALTER_TABLE) {
            for (Part p : d.parts()) {
                if (p.kind() == Part.Kind.MOVE_ROWS) {
                    add(out, "a partition move (EXCHANGE or CONVERT PARTITION) moved rows of", p.tables(), defaultDb,
                            selected);
                } else if (p.kind() == Part.Kind.OTHER && dropsPartitionRows(d.tokens(), p)) {
                    add(out, d.tokens().get(p.from()).upper() + " PARTITION removed rows of", List.of(d.target()),
                            defaultDb, selected);
                }
            }
        }
        return out;
    }

    private static boolean dropsPartitionRows(List<Token> tokens, Part p) {
        Token head = tokens.get(p.from());
        return (head.is("DROP") || head.is("TRUNCATE")) && p.from() + 1 < p.to()
                && tokens.get(p.from() + 1).is("PARTITION");
    }

    private static void add(List<Removal> out, String what, List<ObjectRef> tables, String defaultDb,
                            BiPredicate<String, String> selected) {
        List<String> hit = tables.stream().filter(t -> selected.test(t.database(defaultDb), t.object()))
                .map(t -> Identifiers.qualified(t.database(defaultDb), t.object())).toList();
        if (!hit.isEmpty()) {
            out.add(new Removal(what, hit));
        }
    }
}
