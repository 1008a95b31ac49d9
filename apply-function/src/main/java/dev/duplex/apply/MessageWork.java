package dev.duplex.apply;

import dev.duplex.apply.conflict.Conflict;
import dev.duplex.apply.conflict.ConflictRules;
import dev.duplex.apply.dml.ForwardDdlColumns;
import dev.duplex.apply.dml.RowApplier;
import dev.duplex.apply.dml.StatementListener;
import dev.duplex.apply.parallel.LaneRunner;
import dev.duplex.apply.parallel.UnitPlan;
import dev.duplex.apply.sql.TableInfoCache;
import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.sql.AppliedDdl;
import dev.duplex.core.sql.ApplyCheckpoints;
import dev.duplex.core.sql.ApplyCheckpoints.Applied;
import dev.duplex.core.sql.CheckpointKey;
import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.core.sql.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one message being applied by {@link BatchApplier}: its connection, row applier,
 * checkpoint marker, DDL and conflicts, and what it counts for the result.
 */
final class MessageWork {
    final Connection c;
    final Batch batch;
    final CheckpointKey key;
    final Applied stored;
    final RowApplier applier;
    final PreCommit preCommit;
    final ConflictRules rules;
    final List<Conflict> pending = new ArrayList<>();
    final List<Conflict> allConflicts = new ArrayList<>();
    final List<DdlFailure> ddlFailures = new ArrayList<>();
    private final TableInfoCache tables;
    private final StatementListener listener;
    private final ForwardDdlColumns columns;
    /** {@code columns} when this is the reverse direction, whose rows apply by column name; else null. */
    private final ForwardDdlColumns reverse;
    int rows;
    long heartbeatMicros = -1;

    /** @param columns as {@link BatchApplier}'s: what forward DDL does to column names, or null */
    MessageWork(Connection c, Batch batch, CheckpointKey key, Applied stored, ConflictRules rules, PreCommit preCommit,
                boolean pipelined, TableInfoCache tables, StatementListener listener, ForwardDdlColumns columns) {
        this.c = c;
        this.tables = tables;
        this.listener = listener;
        this.columns = columns;
        this.batch = batch;
        this.key = key;
        this.stored = stored;
        this.preCommit = preCommit;
        this.rules = rules;
        this.reverse = columns == null || columns.forward() ? null : columns;
        this.applier = new RowApplier(c, tables, reverse, rules, batch.catchUp(),
                batch.kind() == BatchKind.SNAPSHOT, pipelined, batch.range().to().toString(), pending, listener);
    }

    /**
     * Applies {@code todo} in the plan's lanes (committed when this returns), then writes the
     * group's checkpoint at {@code last}; the caller commits it.
     */
    void inLanes(LaneRunner runner, List<Transaction> todo, Transaction last, UnitPlan plan) throws SQLException {
        String position = batch.range().to().toString();
        rows += runner.run(key, last.seq(), plan, (lane, sink) -> new RowApplier(lane, tables, reverse, rules,
                false, false, true, position, sink, listener), listener, position);
        for (Transaction tx : todo) {
            for (Change ch : tx.changes()) {
                if (ch instanceof RowChange row && DuplexSchema.isDuplexSchema(row.database())) {
                    noteHeartbeat(tx, row);
                }
            }
        }
        checkpoint(last);
    }

    /** The user rows of {@code tx}, which lanes of an earlier attempt committed, join this unit's count. */
    void countCommittedEarlier(Transaction tx) {
        rows += LaneRunner.userRows(tx).size();
    }

    void rows(Transaction tx, List<Change> changes) throws SQLException {
        List<RowChange> user = new ArrayList<>();
        for (Change ch : changes) {
            if (ch instanceof RowChange row) {
                if (DuplexSchema.isDuplexSchema(row.database())) {
                    noteHeartbeat(tx, row);
                } else {
                    user.add(row);
                }
            }
        }
        if (!user.isEmpty()) {
            applier.apply(user, tx.seq().text());
            rows += user.size();
        }
    }

    void applyWithDdl(Transaction tx) throws SQLException {
        boolean marked = false;
        List<Change> run = new ArrayList<>();
        for (Change ch : tx.changes()) {
            if (ch instanceof DdlChange ddl) {
                rows(tx, run);
                run.clear();
                commitIfMarked(marked);
                ddl(ddl);
                marked = false;
            } else {
                if (!marked) {
                    checkpoint(tx);
                    marked = true;
                }
                run.add(ch);
            }
        }
        rows(tx, run);
        if (!marked) {
            checkpoint(tx);
        }
        commit();
    }

    /**
     * Writes the checkpoint of {@code tx} (the marker, first in the transaction). Its resume
     * position is the batch's own only after the batch's last transaction; after an earlier
     * one, or a fragment that is not its transaction's last, it is the batch's start, so that
     * a capture resuming there re-sends everything not applied (seq dedup drops the rest).
     */
    void checkpoint(Transaction tx) throws SQLException {
        boolean lastOfBatch = tx.seq().equals(batch.seq());
        ApplyCheckpoints.write(c, key, tx.seq(), lastOfBatch ? batch.resumePosition() : batch.range().from(),
                batch.chain(), stored);
    }

    private void commitIfMarked(boolean marked) throws SQLException {
        if (marked) {
            commit();
        }
    }

    void commit() throws SQLException {
        applier.unpark(batch.seq().text());
        preCommit.beforeCommit(List.copyOf(pending));
        c.commit();
        allConflicts.addAll(pending);
        pending.clear();
    }

    private void ddl(DdlChange ddl) throws SQLException {
        if (columns != null) {
            columns.record(ddl); // before b has it: reverse rows may already miss a column a removed
        }
        try (Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            if (!ddl.database().isEmpty()) {
                st.execute("USE " + Identifiers.quote(ddl.database()));
            }
            // In node a's session (its time, time zone, sql_mode...), then the apply's own again; failing to
            // set that back wins over the statement's own failure (not try-with-resources, which would hide it).
            DdlSession session = DdlSession.enter(c, ddl.session(), "task=" + batch.task() + " dir="
                    + batch.direction().code() + " seq=" + batch.seq());
            try {
                st.execute(AppliedDdl.marked(ddl.statement()));
            } finally {
                session.close();
            }
        } catch (SQLException e) {
            if (ErrorClassifier.isRetriable(e)) {
                throw e;
            }
            ddlFailures.add(DdlFailure.of(ddl, e));
        } finally {
            tables.invalidateAll();
        }
    }

    private void noteHeartbeat(Transaction tx, RowChange row) {
        if (DuplexSchema.isHeartbeat(row.database(), row.table()) && row.after() != null) {
            long at = HeartbeatTime.micros(row).orElse(tx.commitMicros());
            heartbeatMicros = Math.max(heartbeatMicros, at);
        }
    }
}
