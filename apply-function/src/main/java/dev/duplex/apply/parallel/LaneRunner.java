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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the lanes of a {@link UnitPlan} on the {@link LanePool}, each lane in its own target
 * transaction, pipelined: it first writes its {@link ApplyLanes} record (the marker; a record number
 * of its own within the unit: the lane's number in the plan), then its rows in source order, then
 * commits. A lane starts as soon as a connection is free and the earlier lanes it shares a key with
 * have committed, so a later segment's lane does not wait for an unrelated slow lane of the segment
 * before. After the last lane the caller moves the group's checkpoint past the unit and commits it
 * last. A conflict or error in a lane rolls that lane back and is decided on the one-connection path
 * ({@link ExactApplyNeeded}), which skips what the lanes committed, as does any later attempt after a
 * crash between lane commits: their records name the transactions.
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
     * Applies the plan's lanes, each committed on its own as soon as it ran, a lane starting once
     * the earlier lanes it waits for ({@link UnitPlan#waits}) committed; returns the user rows
     * written. After a failure no lane starts; the running ones finish (what they commit, their
     * records tell the next attempt to skip) and the first failure is thrown.
     *
     * @param unitLast the seq of the unit's last transaction: what the group's checkpoint moves to next
     */
    public int run(CheckpointKey key, Seq unitLast, UnitPlan plan, Appliers appliers, StatementListener listener,
                   String position) throws SQLException {
        LaneSchedule schedule = new LaneSchedule(plan.waits());
        CompletionService<Integer> done = new ExecutorCompletionService<>(pool.threads());
        Deque<Integer> freeSlots = new ArrayDeque<>();
        for (int slot = 0; slot < pool.size(); slot++) {
            freeSlots.add(slot);
        }
        Map<Future<Integer>, Running> running = new HashMap<>();
        int rows = 0;
        Exception failed = null;
        while (true) {
            while (failed == null && !freeSlots.isEmpty() && schedule.hasReady()) {
                Running r = new Running(schedule.take(), freeSlots.pop());
                running.put(done.submit(() -> runAndCommit(r, key, unitLast, plan.lane(r.lane()), appliers, listener,
                        position)), r);
            }
            if (running.isEmpty()) {
                break;
            }
            Future<Integer> f = next(done);
            Running r = running.remove(f);
            freeSlots.push(r.slot());
            try {
                rows += f.get();
                schedule.committed(r.lane());
            } catch (ExecutionException e) {
                failed = failed != null ? failed : asException(e.getCause());
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }
        if (failed instanceof SQLException s) {
            throw translate(s, position);
        }
        if (failed != null) {
            throw (RuntimeException) failed;
        }
        return rows;
    }

    /** Plan lane {@code lane} running on the pool's connection {@code slot}. */
    private record Running(int lane, int slot) {}

    /**
     * Applies one lane on its slot's connection and commits it. A failure before the commit rolls it
     * back and is the lane's; a failed commit (or whatever comes right after it) leaves the lane
     * maybe committed, which its record tells the next attempt.
     */
    private int runAndCommit(Running r, CheckpointKey key, Seq unitLast, List<Transaction> txs, Appliers appliers,
                             StatementListener listener, String position) throws SQLException {
        int rows = runLane(r.slot(), r.lane(), key, unitLast, txs, appliers);
        try {
            pool.connection(r.slot()).commit();
            pool.ended(r.slot());
            listener.afterLaneCommit(r.slot());
        } catch (SQLException | RuntimeException e) {
            rollback(r.slot());
            throw new RetriableException("a lane's commit failed; applying the unit again skips what the lanes"
                    + " committed (duplex.apply_lane): " + e.getMessage(), position,
                    e instanceof SQLException s ? s.getErrorCode() : 0, e);
        }
        return rows;
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

    /** The rows of {@code tx} that are the user's (not Duplex's own heartbeats and markers). */
    public static List<RowChange> userRows(Transaction tx) {
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

    private Future<Integer> next(CompletionService<Integer> done) {
        try {
            return done.take();
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    /**
     * Interrupted (the runtime stops), it closes the pool: a lane may still be running, and its
     * connection, closed, rolls back on the server, so no unit's statements can reach a later commit.
     */
    private RetriableException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        pool.close();
        return new RetriableException("interrupted while lanes applied; the lanes' connections are closed", null, 0, e);
    }

    private static Exception asException(Throwable cause) {
        return cause instanceof SQLException || cause instanceof RuntimeException ? (Exception) cause
                : new IllegalStateException(cause);
    }
}
