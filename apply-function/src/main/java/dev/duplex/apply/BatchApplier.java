package dev.duplex.apply;

import dev.duplex.apply.conflict.ConflictRules;
import dev.duplex.apply.dml.ExactApplyNeeded;
import dev.duplex.apply.dml.ForwardDdlColumns;
import dev.duplex.apply.dml.StatementListener;
import dev.duplex.apply.dml.TombstoneCollector;
import dev.duplex.apply.parallel.LaneRunner;
import dev.duplex.apply.parallel.UnitPlan;
import dev.duplex.apply.sql.TableInfoCache;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.sql.ApplyCheckpoints;
import dev.duplex.core.sql.ApplyCheckpoints.Applied;
import dev.duplex.core.sql.ApplyLanes;
import dev.duplex.core.sql.CheckpointKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one decoded batch to the target in one database transaction: lock the group's
 * checkpoint row, drop the transactions already applied, write the new checkpoint first (the
 * loop-prevention marker), then the rows, then commit. Any failure rolls everything back.
 *
 * <p>DDL cannot share a transaction (MySQL commits implicitly around it), so a message with DDL
 * is applied transaction by transaction: each DDL runs, then the checkpoint and that
 * transaction's rows commit together. A crash between a DDL and its checkpoint runs the DDL again
 * on redelivery, where it usually fails and is recorded like any failed DDL.
 *
 * <p>Row statements of a message without DDL are first sent pipelined (few round trips for the
 * whole message); only a message that meets a conflict or an error is applied again statement by
 * statement, so the common case pays per message what the exact path pays per row.
 *
 * <p>With {@link LaneRunner lanes}, the transactions of a pipelined message (or joined run) whose
 * keys do not overlap are applied on several connections at once ({@link UnitPlan}: segments of a
 * large unit, each in lanes, a lane waiting only for the earlier lanes it shares a key with); the group's
 * checkpoint then moves in this connection's transaction, committed after every lane. What lanes
 * of a unit a crash interrupted committed is skipped by every later attempt ({@link ApplyLanes}).
 */
public final class BatchApplier {
    private static final Logger LOG = LoggerFactory.getLogger(BatchApplier.class);
    private final TableInfoCache tables;
    private final StatementListener listener;
    private final ForwardDdlColumns columns;
    private final Supplier<LaneRunner> lanes;

    public BatchApplier(TableInfoCache tables, StatementListener listener) {
        this(tables, listener, null, null);
    }

    /**
     * @param columns what forward DDL does to column names: recorded by the forward direction
     *                before it runs an ALTER, read by the reverse one, whose rows apply by column
     *                name ({@link ForwardDdlColumns}); null: neither (rows must match the target)
     */
    public BatchApplier(TableInfoCache tables, StatementListener listener, ForwardDdlColumns columns) {
        this(tables, listener, columns, null);
    }

    /** @param lanes where non-overlapping transactions apply at once (null, or giving null: one connection) */
    public BatchApplier(TableInfoCache tables, StatementListener listener, ForwardDdlColumns columns,
                        Supplier<LaneRunner> lanes) {
        this.tables = tables;
        this.listener = listener;
        this.columns = columns;
        this.lanes = lanes;
    }

    /**
     * Applies {@code batch}, pipelined first unless it carries DDL; when the pipelined attempt
     * meets an anomaly it is rolled back and the batch applied statement by statement, where each
     * conflict is decided on its own row.
     */
    public ApplyResult apply(Connection c, Batch batch, ConflictRules rules, PreCommit preCommit) throws SQLException {
        if (batch.transactions().stream().noneMatch(BatchApplier::hasDdl)) {
            try {
                return applyOnce(c, batch, rules, preCommit, true);
            } catch (ExactApplyNeeded e) {
                LOG.debug("task {} direction {} at {}: applying seq {} statement by statement: {}", batch.task(),
                        batch.direction().code(), batch.range().to(), batch.seq(), e.getMessage());
            }
        }
        return applyOnce(c, batch, rules, preCommit, false);
    }

    /**
     * Applies consecutive messages of one group in one target transaction, pipelined: one
     * checkpoint, one commit for all of them. Throws {@link ExactApplyNeeded} when any of it needs
     * the exact path (nothing applied, or in lanes only segments whose lane records make every
     * later attempt skip them); the caller then applies the messages one by one.
     */
    public ApplyResult applyTogether(Connection c, List<Batch> batches, ConflictRules rules) throws SQLException {
        return applyOnce(c, JoinedBatches.join(batches), rules, PreCommit.NONE, true);
    }

    private ApplyResult applyOnce(Connection c, Batch batch, ConflictRules rules, PreCommit preCommit,
                                  boolean pipelined) throws SQLException {
        CheckpointKey key = new CheckpointKey(batch.task(), batch.direction(), batch.group());
        try {
            Applied stored = ApplyCheckpoints.lock(c, key);
            Seq below = ChainCheck.requireContinues(stored, batch);
            List<Transaction> fresh = batch.transactions().stream()
                    .filter(t -> t.seq().compareTo(stored.seq()) > 0 && t.seq().compareTo(below) < 0).toList();
            if (below != ChainCheck.UNBOUNDED) {
                LOG.info("task {} direction {} group {}: message seq {} of chain {}, which duplex task recover ended: "
                        + "{} of its transactions applied from it, the rest comes again under chain {}", batch.task(),
                        batch.direction().code(), batch.group(), batch.seq(), batch.chain().id(), fresh.size(),
                        stored.chain().isEmpty() ? "(the new one)" : stored.chain());
            }
            if (fresh.isEmpty()) {
                c.rollback();
                return ApplyResult.skipped(stored.seq());
            }
            Set<Seq> done = ApplyLanes.committedAfter(c, key, stored.seq());
            List<Transaction> todo = done.isEmpty() ? fresh : fresh.stream().filter(t -> !done.contains(t.seq())).toList();
            Transaction last = fresh.get(fresh.size() - 1);
            MessageWork work = new MessageWork(c, batch, key, stored, rules, preCommit, pipelined, tables, listener,
                    columns);
            // Committed by the lanes of an attempt that did not finish, which counted nothing: counted now, once, as
            // the checkpoint moves past them.
            fresh.stream().filter(t -> done.contains(t.seq())).forEach(work::countCommittedEarlier);
            if (todo.stream().anyMatch(BatchApplier::hasDdl)) {
                for (Transaction tx : todo) {
                    work.applyWithDdl(tx);
                }
                if (!todo.get(todo.size() - 1).equals(last)) { // the rest was applied by lanes before a crash
                    work.checkpoint(last);
                    work.commit();
                }
            } else {
                // Not while lanes of an interrupted unit are on record: new lane records would overwrite theirs.
                LaneRunner runner = pipelined && lanes != null && done.isEmpty() ? lanes.get() : null;
                Optional<UnitPlan> plan = runner == null ? Optional.empty() : plan(runner, c, batch, todo, rules);
                if (plan.isPresent()) {
                    work.inLanes(runner, todo, last, plan.get());
                } else {
                    work.checkpoint(last);
                    for (Transaction tx : todo) {
                        work.rows(tx, tx.changes());
                    }
                    work.applier.finish();
                }
                work.commit();
                collectTombstones(c, batch, rules, last);
            }
            return new ApplyResult(false, last.seq(), fresh.size(), work.rows,
                    work.allConflicts, work.ddlFailures, work.heartbeatMicros, pipelined);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
        }
    }

    /**
     * The lanes for {@code todo}, when it may go in lanes at all: rows only, pipelined, neither the
     * full sync's copy nor a catch-up (their rows follow rules of their own) nor last-writer-wins
     * tables (a row's fate depends on the target's version and tombstones, decided row by row).
     */
    private Optional<UnitPlan> plan(LaneRunner runner, Connection c, Batch batch, List<Transaction> todo,
                                    ConflictRules rules) throws SQLException {
        if (runner.lanes() < 2 || todo.size() < 2 || batch.catchUp() || batch.kind() == BatchKind.SNAPSHOT
                || rules.usesLastWriterWins() || !runner.ready()) {
            return Optional.empty();
        }
        return UnitPlan.of(todo, runner.lanes(), LaneRunner.MIN_ROWS_PER_LANE,
                runner.lanes() * UnitPlan.SEGMENT_ROWS_PER_LANE, (db, table) -> tables.get(c, db, table));
    }

    /** Now and then, tombstones the applied history no longer needs ({@link TombstoneCollector}). */
    private static void collectTombstones(Connection c, Batch batch, ConflictRules rules, Transaction last)
            throws SQLException {
        if (rules.usesLastWriterWins() && !batch.catchUp() && batch.kind() != BatchKind.SNAPSHOT) {
            int removed = TombstoneCollector.collect(c, batch.task() + "/" + batch.direction().code(),
                    Instant.EPOCH.plus(last.commitMicros(), ChronoUnit.MICROS), Instant.now());
            if (removed > 0) {
                LOG.info("task {} direction {}: removed {} last-writer-wins tombstones older than an hour before {}",
                        batch.task(), batch.direction().code(), removed, batch.range().to());
            }
        }
    }

    private static boolean hasDdl(Transaction tx) {
        return tx.changes().stream().anyMatch(ch -> ch instanceof DdlChange);
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            if (!c.isClosed()) {
                c.rollback();
            }
        } catch (SQLException e) {
            // The original failure is what matters; a broken connection cannot roll back anyway.
            cause.addSuppressed(e);
        }
    }
}
