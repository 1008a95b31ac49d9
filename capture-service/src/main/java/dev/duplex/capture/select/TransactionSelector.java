package dev.duplex.capture.select;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import dev.duplex.capture.assemble.CapturedChange;
import dev.duplex.capture.assemble.CapturedRows;
import dev.duplex.capture.assemble.CapturedStatement;
import dev.duplex.capture.assemble.CapturedTransaction;
import dev.duplex.capture.decode.RowDecoder;
import dev.duplex.capture.decode.TableSchema;
import dev.duplex.capture.decode.TableSchemaResolver;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.error.IncompatibleSourceException;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Op;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import dev.duplex.core.sql.DuplexSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The select stage: loop prevention first (a transaction holding a row on duplex.apply_checkpoint
 * was applied by Duplex and is dropped whole), then the object selection, decoding only rows of
 * selected tables. Of the duplex schema only this capture's own heartbeat row is published. A
 * selected table that loop prevention cannot cover (not transactional) stops the capture.
 */
public final class TransactionSelector {
    private final TaskConfig config;
    private final Direction direction;
    private final TableSchemaResolver schemas;
    private final ObjectFilter objects;
    private final TransactionalTables transactional;
    private final SelectCounters counters;

    public TransactionSelector(TaskConfig config, Direction direction, TableSchemaResolver schemas,
                               SelectCounters counters) {
        this.config = config;
        this.direction = direction;
        this.schemas = schemas;
        this.objects = new ObjectFilter(config, direction);
        this.transactional = new TransactionalTables(schemas, direction, config.task());
        this.counters = counters;
    }

    /** The transaction to publish, or empty when nothing of it is. */
    public Optional<SelectedTransaction> select(CapturedTransaction tx) {
        if (isAppliedByDuplex(tx)) {
            counters.loopDropped.incrementAndGet();
            return Optional.empty();
        }
        List<Change> changes = new ArrayList<>();
        boolean ddl = false;
        boolean heartbeatOnly = true;
        for (CapturedChange change : tx.changes()) {
            switch (change) {
                case CapturedStatement s -> {
                    Optional<DdlChange> d = statement(s, tx);
                    if (d.isPresent()) {
                        changes.add(d.get());
                        ddl = true;
                        heartbeatOnly = false;
                    }
                }
                case CapturedRows rows -> {
                    boolean heartbeat = DuplexSchema.isHeartbeat(rows.table().getDatabase(), rows.table().getTable());
                    int before = changes.size();
                    rows(rows, changes);
                    heartbeatOnly &= heartbeat || changes.size() == before;
                }
            }
        }
        if (changes.isEmpty()) {
            counters.emptyDropped.incrementAndGet();
            return Optional.empty();
        }
        counters.selected.incrementAndGet();
        BatchKind kind = ddl ? BatchKind.DDL : heartbeatOnly ? BatchKind.HEARTBEAT : BatchKind.DML;
        Transaction t = new Transaction(Seq.ofTransaction(tx.start(), 0), tx.gtid(), tx.commitMicros(), changes);
        return Optional.of(new SelectedTransaction(t, kind, tx.start(), tx.end()));
    }

    private static boolean isAppliedByDuplex(CapturedTransaction tx) {
        return tx.changes().stream().anyMatch(c -> c instanceof CapturedRows r
                && DuplexSchema.isApplyMarker(r.table().getDatabase(), r.table().getTable()));
    }

    private void rows(CapturedRows rows, List<Change> out) {
        TableMapEventData map = rows.table();
        String db = map.getDatabase();
        String table = map.getTable();
        if (DuplexSchema.isDuplexSchema(db)) {
            if (DuplexSchema.isHeartbeat(db, table)) {
                ownHeartbeats(rows, out);
            }
            return;
        }
        if (!objects.isSelected(db, table)) {
            return;
        }
        transactional.require(db, table, rows.position());
        TableSchema schema = schemas.resolve(map, true, rows.position());
        for (CapturedRows.Row row : rows.rows()) {
            List<Value> before = row.before() == null ? null : RowDecoder.decode(schema, row.before(), rows.position());
            List<Value> after = row.after() == null ? null : RowDecoder.decode(schema, row.after(), rows.position());
            objects.apply(schema, rows.op(), before, after, rows.position()).ifPresent(out::add);
        }
    }

    /** The heartbeat rows of this task and node; other tasks' and the other node's rows stay local. */
    private void ownHeartbeats(CapturedRows rows, List<Change> out) {
        TableSchema schema = schemas.resolve(rows.table(), false, rows.position());
        List<String> names = schema.columnNames();
        for (CapturedRows.Row row : rows.rows()) {
            List<Value> after = row.after() == null ? null : RowDecoder.decode(schema, row.after(), rows.position());
            if (after == null || !isOwn(names, after)) {
                continue;
            }
            List<Value> before = row.before() == null ? null : RowDecoder.decode(schema, row.before(), rows.position());
            Op op = rows.op() == Op.UPDATE ? Op.UPDATE : Op.INSERT;
            out.add(new RowChange(op, DuplexSchema.SCHEMA, DuplexSchema.HEARTBEAT, names, List.of("task", "node"),
                    op == Op.UPDATE ? before : null, after));
        }
    }

    private boolean isOwn(List<String> names, List<Value> image) {
        int task = names.indexOf("task");
        int node = names.indexOf("node");
        return task >= 0 && node >= 0 && new Value.Text(config.task()).equals(image.get(task))
                && new Value.Text(direction.sourceNode()).equals(image.get(node));
    }

    private Optional<DdlChange> statement(CapturedStatement s, CapturedTransaction tx) {
        Optional<StatementTarget> target = StatementTarget.of(s.database(), s.sql());
        if (target.isEmpty() && StatementTarget.looksLikeDml(s.sql())) {
            throw statementBased(s, tx);
        }
        if (target.isEmpty()) {
            return Optional.empty();
        }
        StatementTarget t = target.get();
        if (t.kind() == StatementTarget.Kind.DML) {
            if (!s.sql().contains("generated by server") && objects.isSelected(t.database(), t.object())) {
                throw statementBased(s, tx);
            }
            return Optional.empty();
        }
        // The schema may have changed: what was learned from table maps and information_schema is stale.
        schemas.invalidate();
        objects.invalidate();
        if (t.kind() == StatementTarget.Kind.TABLE_DDL && objects.isSelected(t.database(), t.object())) {
            // Before the DDL is published: a CREATE or ALTER with ENGINE=MyISAM must not reach node b either.
            transactional.require(t.database(), t.object(), tx.start().toString());
        }
        if (!config.ddlFor(direction) || DuplexSchema.isDuplexSchema(t.database()) || !ddlSelected(t)) {
            return Optional.empty();
        }
        return Optional.of(new DdlChange(s.database(), s.sql(), s.session()));
    }

    private boolean ddlSelected(StatementTarget t) {
        if (t.kind() == StatementTarget.Kind.TABLE_DDL) {
            return config.selectionFor(direction, t.database(), t.object()) != null;
        }
        return config.objects().database(t.database()) != null;
    }

    private IncompatibleSourceException statementBased(CapturedStatement s, CapturedTransaction tx) {
        return new IncompatibleSourceException("a data change is logged as a statement, not as rows (the session "
                + "that ran it used binlog_format=STATEMENT or MIXED); Duplex needs ROW: SET GLOBAL binlog_format=ROW, "
                + "add binlog_format=ROW to the server config and make sure no session overrides it, then restart the "
                + "capture", tx.start().toString(), 0, null);
    }
}
