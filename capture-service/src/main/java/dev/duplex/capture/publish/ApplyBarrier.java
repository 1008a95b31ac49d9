package dev.duplex.capture.publish;

import dev.duplex.core.error.RetriableException;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Seq;
import dev.duplex.core.sql.ApplyCheckpoints;
import dev.duplex.core.sql.NodeConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until the direction's target applied what the capture sent, group by group, as its apply
 * checkpoint rows say: written in the transaction of what they count, so never ahead of it and
 * never behind (the status item is not enough: two apply instances' writes of one group's mark
 * may land out of order, and a barrier would then wait for a seq already applied). Under
 * {@code partitioning: table} a DDL statement is such a barrier: every group applies what came
 * before it, then the statement, and only then is anything after it sent (docs/partitioning.md).
 * The forward capture connects to node b already (schema sync, start position, direct full sync).
 */
public final class ApplyBarrier {
    private static final Logger LOG = LoggerFactory.getLogger(ApplyBarrier.class);
    static final Duration POLL = Duration.ofMillis(250);
    static final Duration REPORT_EVERY = Duration.ofSeconds(30);

    private final NodeConnections target;
    private final String task;
    private final Direction direction;

    public ApplyBarrier(NodeConnections target, String task, Direction direction) {
        this.target = target;
        this.task = task;
        this.direction = direction;
    }

    /**
     * Returns once every group of {@code targets} applied its target seq (a target at or before
     * {@link Seq#ZERO}: nothing was sent in that group), true; false as soon as {@code stopped}
     * says so. {@code what} names the barrier in the log lines.
     *
     * @throws RetriableException when the target cannot be read: the capture resumes from its
     *                            checkpoint, which is before the barrier, and waits again
     */
    public boolean await(Map<String, Seq> targets, String what, BooleanSupplier stopped) throws InterruptedException {
        long start = System.nanoTime();
        long reported = start;
        try (Connection c = target.open()) {
            c.setAutoCommit(true);
            while (!stopped.getAsBoolean()) {
                Optional<Map.Entry<String, Seq>> behind = firstBehind(ApplyCheckpoints.seqsByGroup(c, task, direction),
                        targets);
                if (behind.isEmpty()) {
                    return true;
                }
                if (System.nanoTime() - reported >= REPORT_EVERY.toNanos()) {
                    reported = System.nanoTime();
                    LOG.info("task={} dir={} {}: waiting {} s for group {} to apply up to seq {} (nothing later is "
                            + "sent meanwhile)", task, direction.code(), what, (reported - start) / 1_000_000_000L,
                            behind.get().getKey(), behind.get().getValue().text());
                }
                Thread.sleep(POLL.toMillis());
            }
            return false;
        } catch (SQLException e) {
            throw new RetriableException("task " + task + " direction " + direction.code() + ": " + what
                    + " waits for node " + direction.targetNode() + " to apply every message group before it, and its"
                    + " apply checkpoints cannot be read: " + e.getMessage(), e);
        }
    }

    /** The first group whose applied seq is before its target; empty when none is. */
    static Optional<Map.Entry<String, Seq>> firstBehind(Map<String, Seq> applied, Map<String, Seq> targets) {
        for (Map.Entry<String, Seq> target : targets.entrySet()) {
            if (target.getValue().compareTo(Seq.ZERO) <= 0) {
                continue;
            }
            Seq seq = applied.get(target.getKey());
            if (seq == null || seq.compareTo(target.getValue()) < 0) {
                return Optional.of(target);
            }
        }
        return Optional.empty();
    }
}
