package dev.duplex.capture.filter;

import dev.duplex.capture.assemble.CapturedRows;
import dev.duplex.capture.decode.ColumnSchema;
import dev.duplex.capture.decode.RowDecoder;
import dev.duplex.capture.decode.TableSchema;
import dev.duplex.core.model.Op;
import dev.duplex.core.model.Value;
import dev.duplex.core.sql.RepairTables;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the rows {@code duplex verify --repair} wrote into a repair table ({@link RepairTables})
 * back into changes of the table they repair: a row present on the source is an INSERT of it
 * (applied in a catch-up batch, it replaces whatever the target holds under its keys; an UPDATE
 * that changes nothing would be dropped as no change), an absent one a DELETE of its key. The repair table is {@code LIKE} the table, so its binlog image
 * is the table's own, value for value.
 */
final class RepairRows {
    /** One repaired row, as a change of the table it repairs. */
    record Repair(TableSchema table, Op op, List<Value> before, List<Value> after) {}

    private RepairRows() {}

    static List<Repair> of(CapturedRows rows, TableSchema repairTable) {
        List<Repair> out = new ArrayList<>();
        if (rows.op() != Op.INSERT) {
            return out; // the repair's own clean-up
        }
        List<String> names = repairTable.columnNames();
        int db = index(names, RepairTables.DB_COLUMN);
        int table = index(names, RepairTables.TABLE_COLUMN);
        int absent = index(names, RepairTables.ABSENT_COLUMN);
        if (db < 0 || table < 0 || absent < 0) {
            return out;
        }
        List<ColumnSchema> columns = repairTable.columns().stream()
                .filter(c -> !RepairTables.isMarkerColumn(c.name())).toList();
        for (CapturedRows.Row row : rows.rows()) {
            List<Value> image = RowDecoder.decode(repairTable, row.after(), rows.position());
            TableSchema target = new TableSchema(text(image.get(db)), text(image.get(table)), columns,
                    repairTable.keyColumns());
            List<Value> values = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                if (!RepairTables.isMarkerColumn(names.get(i))) {
                    values.add(image.get(i));
                }
            }
            boolean isAbsent = image.get(absent) instanceof Value.Int n && n.value() != 0;
            out.add(isAbsent ? new Repair(target, Op.DELETE, values, null) : new Repair(target, Op.INSERT, null, values));
        }
        return out;
    }

    private static int index(List<String> names, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String text(Value v) {
        return switch (v) {
            case Value.Text t -> t.value();
            case Value.Bytes b -> new String(b.value(), StandardCharsets.UTF_8);
            default -> v.toString();
        };
    }
}
