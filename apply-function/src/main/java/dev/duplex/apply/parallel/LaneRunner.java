package dev.duplex.apply.parallel;

import dev.duplex.apply.conflict.Conflict;
import dev.duplex.apply.dml.ExactApplyNeeded;
import dev.duplex.apply.dml.RowApplier;
import dev.duplex.apply.dml.StatementListener;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.sql.ApplyLanes;
import dev.duplex.core.sql.CheckpointKey;
import dev.duplex.core.sql.DuplexSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the segments of a {@link UnitPlan} one after the other, the lanes of each on the
 * {@link LanePool}, each lane in its own target transaction, pipelined: every lane first writes its
 * {@link ApplyLanes} record (the marker; a record number of its own within the unit), then its rows
 * in source order. Only when every lane of the segment ran without an anomaly do they commit, and
 * the next segment begins; after the last, the caller moves the group's checkpoint past the unit
 * and commits it last. Anything before a segment's commits rolls its lanes back: a conflict or
 * error is decided on the one-connection path ({@link ExactApplyNeeded}), which skips what earlier
 * segments committed. A failure during the lane commits leaves some committed, which their records
 * tell the next attempt.
 *
 * <p>Lanes that wait for one another's locks (a dependency the plan could not see, such as a
 * trigger writing a shared row) make the unit go the one-connection way, and the next
 * {@link #COOL_DOWN_UNITS} units too, so that such a workload is not slowed by a lock wait per unit.
 */
public final class LaneRunner {
    private static final Logger LOG = LoggerFactory.getLogger(LaneRunner.class);
    static final int COOL_DOWN_UNITS = 100;
    /** Row changes a lane should have at least: below, its commit and round trips cost more than it saves. */
    public static final int MIN_ROWS_PER_LANE = 50;
    /** ER_LOCK_WAIT_TIMEOUT, ER_LOCK_DEADLOCK. */
    private static final Set<Integer> LOCK_WAITS = Set.of(1205, 1213);

    /** A pipelined row applier on a lane's connection, writing the conflicts it decides to {@code sink}. */
    @FunctionalInterface
    public interface Appliers {
        RowApplier create(Connection c, List<Conflict> sink);
    }

    private final LanePool pool;
    private int coolDown;

    public LaneRunner(LanePool pool) {
        this.pool = pool;
    }

    public int lanes() {
        return pool.size();
    }

    /** Whether the pool was closed (a stop interrupted a unit): the context opens a new one. */
    public boolean closed() {
        return pool.closed();
    }

    /** Whether units go in lanes now (not while cooling down after lanes waited for each other). */
    public boolean ready() {
        if (coolDown > 0) {
            coolDown--;
            return false;
        }
        return true;
    }

    /**
     * Applies and commits the plan's segments one after the other, each in its lanes; returns the
     * user rows written. A failure in a segment rolls back its lanes; the segments before it stay
     * committed, and their lane records tell the next attempt what to skip.
     *
     * @param unitLast the seq of the unit's last transaction: what the group's checkpoint moves to next
     */
    public int run(CheckpointKey key, Seq unitLast, UnitPlan plan, Appliers appliers, StatementListener listener,
                   String position) throws SQLException {
        int rows = 0;
        for (int s = 0; s < plan.segments().size(); s++) {
            rows += runSegment(key, unitLast, plan.segments().get(s), s * pool.size(), appliers, listener, position);
        }
        return rows;
    }

    /** @param firstRecord the lane record number of the segment's first lane (records of one unit never share one) */
    private int runSegment(CheckpointKey key, Seq unitLast, LanePlan plan, int firstRecord, Appliers appliers,
                           StatementListener listener, String position) throws SQLException {
        int n = plan.lanes().size();
        List<Future<Integer>> running = new ArrayList<>();
        for (int lane = 0; lane < n; lane++) {
            int i = lane;
            running.add(pool.threads().submit(() -> runLane(i, firstRecord + i, key, unitLast, plan.lanes().get(i),
                    appliers)));
        }
        Outcome ran = awaitAll(running);
        Exception failed = ran.failure();
        if (failed != null) {
            rollbackAll(n);
            if (failed instanceof SQLException s) {
                throw translate(s, position);
            }
            throw (RuntimeException) failed;
        }
        List<Future<Integer>> commits = new ArrayList<>();
        for (int lane = 0; lane < n; lane++) {
            int i = lane;
            commits.add(pool.threads().submit((Callable<Integer>) () -> {
                pool.connection(i).commit();
                pool.ended(i);
                listener.afterLaneCommit(i);
                return 0;
            }));
        }
        Exception commitFailed = awaitAll(commits).failure();
        if (commitFailed != null) {
            rollbackAll(n);
            throw new RetriableException("a lane's commit failed; applying the unit again skips what the other lanes"
                    + " committed (duplex.apply_lane): " + commitFailed.getMessage(), position,
                    commitFailed instanceof SQLException s ? s.getErrorCode() : 0, commitFailed);
        }
        return ran.total();
    }

    private int runLane(int lane, int record, CheckpointKey key, Seq unitLast, List<Transaction> txs,
                        Appliers appliers) throws SQLException {
        Connection c = pool.begin(lane);
        try {
            List<Conflict> conflicts = new ArrayList<>();
            RowApplier applier = appliers.create(c, conflicts);
            ApplyLanes.Upsert marker = ApplyLanes.record(key, record, unitLast,
                    txs.stream().map(Transaction::seq).toList());
            applier.first(marker.sql(), marker.params());
            int rows = 0;
            for (Transaction tx : txs) {
                List<RowChange> user = userRows(tx);
                if (!user.isEmpty()) {
                    applier.apply(user, tx.seq().text());
                    rows += user.size();
                }
            }
            applier.finish();
            if (!conflicts.isEmpty()) {
                throw new ExactApplyNeeded("a lane decided a conflict: the unit goes on one connection", null);
            }
            return rows;
        } catch (SQLException | RuntimeException e) {
            // At once, not after the other lanes: a lane waiting for one of this lane's locks goes on.
            rollback(lane);
            throw e;
        }
    }

    static List<RowChange> userRows(Transaction tx) {
        List<RowChange> user = new ArrayList<>();
        for (Change ch : tx.changes()) {
            if (ch instanceof RowChange row && !DuplexSchema.isDuplexSchema(row.database())) {
                user.add(row);
            }
        }
        return user;
    }

    private SQLException translate(SQLException e, String position) {
        if (LOCK_WAITS.contains(e.getErrorCode())) {
            coolDown = COOL_DOWN_UNITS;
            LOG.info("position {}: lanes of a parallel apply waited for each other's locks [MySQL error {}]; this unit"
                    + " and the next {} go on one connection", position, e.getErrorCode(), COOL_DOWN_UNITS);
            return new ExactApplyNeeded("lanes waited for each other's locks", e);
        }
        return e;
    }

    private void rollbackAll(int lanes) {
        for (int lane = 0; lane < lanes; lane++) {
            rollback(lane);
        }
    }

    private void rollback(int lane) {
        try {
            Connection c = pool.connection(lane);
            if (!c.isClosed()) {
                c.rollback();
            }
            pool.ended(lane);
        } catch (SQLException e) {
            pool.discard(lane); // a broken connection rolls back when the server drops it
        }
    }

    /** What the lanes' futures came to: the sum of the values of those that succeeded, the first failure (or null). */
    private record Outcome(int total, Exception failure) {}

    /**
     * Waits for every future, in one pass. Interrupted (the runtime stops), it closes the pool: a
     * lane may still be running, and its connection, closed, rolls back on the server, so no unit's
     * statements can reach a later commit.
     */
    private Outcome awaitAll(List<Future<Integer>> futures) {
        int total = 0;
        Exception failure = null;
        for (Future<Integer> f : futures) {
            try {
                total += f.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (failure == null) {
                    failure = cause instanceof SQLException || cause instanceof RuntimeException ? (Exception) cause
                            : new IllegalStateException(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pool.close();
                throw new RetriableException("interrupted while lanes applied; the lanes' connections are closed",
                        null, 0, e);
            }
        }
        return new Outcome(total, failure);
    }
}
