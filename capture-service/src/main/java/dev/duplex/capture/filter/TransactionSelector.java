package dev.duplex.capture.filter;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import dev.duplex.capture.assemble.CapturedChange;
import dev.duplex.capture.assemble.CapturedRows;
import dev.duplex.capture.assemble.CapturedStatement;
import dev.duplex.capture.assemble.CapturedTransaction;
import dev.duplex.capture.ddl.Ddl;
import dev.duplex.capture.ddl.DdlParser;
import dev.duplex.capture.ddl.DdlSync;
import dev.duplex.capture.ddl.GhostMigrations;
import dev.duplex.capture.ddl.ObjectRef;
import dev.duplex.capture.ddl.RowRemovals;
import dev.duplex.capture.ddl.SqlQuoting;
import dev.duplex.capture.decode.RowDecoder;
import dev.duplex.capture.decode.TableSchema;
import dev.duplex.capture.decode.TableSchemaResolver;
import dev.duplex.core.config.ConflictResolution;
import dev.duplex.core.config.TableRef;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.error.IncompatibleSourceException;
import dev.duplex.core.error.StartOver;
import dev.duplex.core.filter.Dialect;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Op;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import dev.duplex.core.sql.AppliedDdl;
import dev.duplex.core.sql.DeferredIndexes;
import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.core.sql.LwwObjects;
import dev.duplex.core.sql.RepairTables;
import dev.duplex.core.store.CaptureCheckpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The select stage: loop prevention first (a transaction holding a row on duplex.apply_checkpoint
 * was applied by Duplex and is dropped whole), then the object selection, decoding only rows of
 * selected tables. Of the duplex schema only this capture's own heartbeat row is published. A
 * selected table Duplex cannot synchronize (not transactional, or system-versioned:
 * {@link SupportedTables}) stops the capture. DDL
 * is parsed and translated to node b's names by {@link DdlSync}.
 */
public final class TransactionSelector {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionSelector.class);
    private TaskConfig config;
    private final Direction direction;
    private final Dialect dialect;
    private final TableSchemaResolver schemas;
    private ObjectFilter objects;
    private final SupportedTables supported;
    private final SelectCounters counters;
    private final GhostMigrations ghosts = new GhostMigrations();
    private DdlSync ddlSync;
    private final Consumer<String> taskLog;
    /** The transaction boundary after the last transaction read: where a restart would read the next one. */
    private BinlogPosition lastEnd;

    /** @param dialect the source server's, whose rules WHERE filters are evaluated by */
    public TransactionSelector(TaskConfig config, Direction direction, Dialect dialect, TableSchemaResolver schemas,
                               SelectCounters counters) {
        this(config, direction, dialect, schemas, counters, line -> { });
    }

    /** @param taskLog where a warning goes that the user should see in the task's log, besides this log */
    public TransactionSelector(TaskConfig config, Direction direction, Dialect dialect, TableSchemaResolver schemas,
                               SelectCounters counters, Consumer<String> taskLog) {
        this.taskLog = taskLog;
        this.config = config;
        this.direction = direction;
        this.dialect = dialect;
        this.schemas = schemas;
        this.objects = new ObjectFilter(config, direction, dialect);
        this.supported = new SupportedTables(schemas, direction, config.task());
        this.counters = counters;
        this.ddlSync = new DdlSync(config, schemas::current, schemas::holdsRows, ghosts);
    }

    /**
     * The checkpoint to store once {@code cp} is published: held before a gh-ost ALTER whose
     * cut-over has not come yet, so that a restart reads that ALTER again ({@link GhostMigrations}).
     * Called from the publishing thread.
     */
    public CaptureCheckpoint checkpoint(CaptureCheckpoint cp) {
        return ghosts.pinned(cp);
    }

    /**
     * Selects from now on under {@code next} when it is another configuration than the current
     * one (by identity: {@code TaskConfigCache} hands back the same instance while the stored
     * document is unchanged). Called between transactions, never within one; what a gh-ost
     * migration in progress holds is kept.
     *
     * @param at where the first transaction selected under {@code next} begins (for the log)
     */
    public void follow(TaskConfig next, BinlogPosition at) {
        if (next == config) {
            return;
        }
        LOG.info("task={} dir={} pos={} the selection follows the changed stored configuration from this "
                + "transaction on; changes published before it stay as they were selected", config.task(),
                direction.code(), at);
        config = next;
        objects = new ObjectFilter(next, direction, dialect);
        ddlSync = new DdlSync(next, schemas::current, schemas::holdsRows, ghosts);
    }

    /** The transaction to publish, or empty when nothing of it is. */
    public Optional<SelectedTransaction> select(CapturedTransaction tx) {
        BinlogPosition boundary = lastEnd == null ? tx.start() : lastEnd;
        lastEnd = tx.end();
        return select(tx, boundary);
    }

    private Optional<SelectedTransaction> select(CapturedTransaction tx, BinlogPosition boundary) {
        if (isAppliedByDuplex(tx)) {
            counters.loopDropped.incrementAndGet();
            return Optional.empty();
        }
        List<Change> changes = new ArrayList<>();
        DeleteTimes deleteTimes = DeleteTimes.of(tx, schemas);
        boolean ddl = false;
        boolean heartbeatOnly = true;
        for (CapturedChange change : tx.changes()) {
            switch (change) {
                case CapturedStatement s -> {
                    List<DdlChange> d = statement(s, tx, boundary);
                    if (!d.isEmpty()) {
                        changes.addAll(d);
                        ddl = true;
                        heartbeatOnly = false;
                    }
                }
                case CapturedRows rows -> {
                    boolean heartbeat = DuplexSchema.isHeartbeat(rows.table().getDatabase(), rows.table().getTable());
                    int before = changes.size();
                    rows(rows, changes, deleteTimes);
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
        ghosts.selected(t.seq());
        return Optional.of(new SelectedTransaction(t, kind, tx.start(), tx.end(), isRepair(tx)));
    }

    /** A repair (duplex verify --repair): published in a catch-up batch of its own, written whatever the target holds. */
    private static boolean isRepair(CapturedTransaction tx) {
        for (CapturedChange c : tx.changes()) {
            if (c instanceof CapturedRows r && DuplexSchema.isDuplexSchema(r.table().getDatabase())
                    && RepairTables.isRepairTable(r.table().getTable())) {
                return true;
            }
        }
        return false;
    }

    // Loops, not streams, here and in isRepair: both run for every transaction capture reads.
    private static boolean isAppliedByDuplex(CapturedTransaction tx) {
        for (CapturedChange c : tx.changes()) {
            if (c instanceof CapturedRows r && DuplexSchema.isApplyMarker(r.table().getDatabase(), r.table().getTable())) {
                return true;
            }
        }
        return false;
    }

    private void rows(CapturedRows rows, List<Change> out, DeleteTimes deleteTimes) {
        TableMapEventData map = rows.table();
        String db = map.getDatabase();
        String table = map.getTable();
        if (DuplexSchema.isDuplexSchema(db)) {
            if (DuplexSchema.isHeartbeat(db, table)) {
                OwnHeartbeats.select(rows, schemas.resolve(rows.table(), false, rows.position()), config.task(),
                        direction, out);
            } else if (RepairTables.isRepairTable(table)) {
                repairs(rows, out);
            }
            return;
        }
        if (!objects.isSelected(db, table)) {
            return;
        }
        supported.require(db, table, rows.position());
        TableSchema schema = schemas.resolve(map, true, rows.position());
        String version = rows.op() == Op.DELETE ? versionColumn(db, table) : null;
        for (CapturedRows.Row row : rows.rows()) {
            List<Value> before = row.before() == null ? null : RowDecoder.decode(schema, row.before(), rows.position());
            if (version != null) {
                before = deleteTimes.stamp(db, table, schema.columnNames(), before, version);
            }
            List<Value> after = row.after() == null ? null : RowDecoder.decode(schema, row.after(), rows.position());
            objects.apply(schema, rows.op(), before, after, rows.position()).ifPresent(out::add);
        }
    }

    /** The version column of a last-writer-wins table named as on this direction's source, else null. */
    private String versionColumn(String db, String table) {
        TableRef ref = direction.isForward() ? new TableRef(db, table)
                : config.objects().sourceOf(db, table, config.capitalization());
        return ref != null && config.conflictResolutionFor(ref.database(), ref.table())
                instanceof ConflictResolution.LastWriterWins l ? l.versionColumn() : null;
    }

    /** Rows {@code duplex verify --repair} sent through the repair table, as changes of their tables. */
    private void repairs(CapturedRows rows, List<Change> out) {
        TableSchema repairTable = schemas.resolve(rows.table(), true, rows.position());
        for (RepairRows.Repair r : RepairRows.of(rows, repairTable)) {
            if (objects.isSelected(r.table().database(), r.table().table())) {
                objects.apply(r.table(), r.op(), r.before(), r.after(), rows.position()).ifPresent(out::add);
            }
        }
    }

    /**
     * @param before the transaction boundary before {@code tx}: where a restart reads it again
     */
    private List<DdlChange> statement(CapturedStatement s, CapturedTransaction tx, BinlogPosition before) {
        if (s.sql().contains(LwwObjects.MARKER) || s.sql().contains(RepairTables.MARKER)
                || s.sql().contains(DeferredIndexes.MARKER)) {
            // Last-writer-wins set-up (run on both nodes alike), a repair table or an index a direct full sync
            // dropped or added back on node b: never synchronized, but a table may have changed.
            schemas.invalidate();
            objects.invalidate();
            return List.of();
        }
        Optional<StatementTarget> dml = StatementTarget.of(s.database(), s.sql());
        if (dml.isPresent() || StatementTarget.looksLikeDml(s.sql())) {
            if (dml.isEmpty() || !s.sql().contains("generated by server")
                    && objects.isSelected(dml.get().database(), dml.get().object())) {
                throw statementBased(s, tx);
            }
            return List.of();
        }
        SqlQuoting quoting = SqlQuoting.of(s.session());
        Optional<Ddl> parsed = DdlParser.parse(s.sql(), quoting);
        if (parsed.isEmpty()) {
            if (config.ddlFor(direction) && DdlParser.unreadable(s.sql(), quoting)) {
                LOG.warn("task={} dir={} DDL at {} not synchronized: Duplex cannot read it (run it on node b by "
                        + "hand if node b needs it): {}", config.task(), direction.code(), tx.start(), abbreviate(s.sql()));
            }
            return List.of();
        }
        // The schema may have changed: what was learned from table maps and information_schema is stale.
        schemas.invalidate();
        objects.invalidate();
        for (ObjectRef t : parsed.get().changedTables()) {
            String db = t.database(s.database());
            if (objects.isSelected(db, t.object())) {
                // Before the DDL is published: a CREATE or ALTER with ENGINE=MyISAM or WITH SYSTEM
                // VERSIONING must not reach node b either.
                supported.require(db, t.object(), tx.start().toString());
            }
        }
        if (!config.ddlFor(direction)) {
            reportOneSided(parsed.get(), s, tx);
            return List.of();
        }
        return ddlSync.forward(parsed.get(), s.database(), before, tx.start().toString()).stream()
                .map(target -> ddlChange(s, target)).toList();
    }

    /** A statement not forwarded that removed rows of a selected table: said, never silent ({@link RowRemovals}). */
    private void reportOneSided(Ddl d, CapturedStatement s, CapturedTransaction tx) {
        if (AppliedDdl.isApplied(s.sql())) {
            return;
        }
        for (RowRemovals.Removal r : RowRemovals.of(d, s.database(), objects::isSelected, direction.isForward())) {
            String line = r.warning(config.task(), direction, tx.start().toString());
            LOG.warn("{}", line);
            taskLog.accept(line);
            counters.oneSidedRemovals.incrementAndGet();
        }
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 300 ? sql : sql.substring(0, 300) + "...";
    }

    /** The one place a DDL change is made: node b's statement, in node b's database. */
    private static DdlChange ddlChange(CapturedStatement s, DdlSync.Target target) {
        return new DdlChange(target.database(), target.sql(), s.session());
    }

    private IncompatibleSourceException statementBased(CapturedStatement s, CapturedTransaction tx) {
        return new IncompatibleSourceException("a data change is logged as a statement, not as rows (the session "
                + "that ran it used binlog_format=STATEMENT or MIXED); Duplex needs ROW: " + StartOver.afterFixing(
                        "SET GLOBAL binlog_format=ROW, add binlog_format=ROW to the server config and make sure no "
                        + "session overrides it"), tx.start().toString(), 0, null);
    }
}
