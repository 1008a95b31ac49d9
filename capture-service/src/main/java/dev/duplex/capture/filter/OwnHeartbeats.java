package dev.duplex.capture.filter;

import dev.duplex.capture.assemble.CapturedRows;
import dev.duplex.capture.decode.RowDecoder;
import dev.duplex.capture.decode.TableSchema;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Op;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import dev.duplex.core.sql.DuplexSchema;
import java.util.List;

/**
 * Of duplex.heartbeat's rows, the ones this capture publishes: its own task's and source node's.
 * Other tasks' rows and the rows the other node's heartbeat brought here stay local.
 */
final class OwnHeartbeats {
    private OwnHeartbeats() {}

    /** @param schema the heartbeat table's schema, as the rows' table map gives it */
    static void select(CapturedRows rows, TableSchema schema, String task, Direction direction, List<Change> out) {
        List<String> names = schema.columnNames();
        for (CapturedRows.Row row : rows.rows()) {
            List<Value> after = row.after() == null ? null : RowDecoder.decode(schema, row.after(), rows.position());
            if (after == null || !isOwn(names, after, task, direction)) {
                continue;
            }
            List<Value> before = row.before() == null ? null : RowDecoder.decode(schema, row.before(), rows.position());
            Op op = rows.op() == Op.UPDATE ? Op.UPDATE : Op.INSERT;
            out.add(new RowChange(op, DuplexSchema.SCHEMA, DuplexSchema.HEARTBEAT, names, List.of("task", "node"),
                    op == Op.UPDATE ? before : null, after));
        }
    }

    private static boolean isOwn(List<String> names, List<Value> image, String task, Direction direction) {
        int t = names.indexOf("task");
        int node = names.indexOf("node");
        return t >= 0 && node >= 0 && new Value.Text(task).equals(image.get(t))
                && new Value.Text(direction.sourceNode()).equals(image.get(node));
    }
}
