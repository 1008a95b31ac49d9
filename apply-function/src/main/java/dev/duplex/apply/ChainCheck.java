package dev.duplex.apply;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.Seq;
import dev.duplex.core.sql.ApplyCheckpoints.Applied;
import dev.duplex.core.sql.ApplyCheckpoints.Retired;
import java.util.Optional;

/**
 * Decides whether a message may be applied over what its group applied last. A format 2 message
 * names its predecessor ({@link Batch.Chain#prev()}); every transaction of a chain up to the
 * stored seq was applied, so a message whose predecessor is at or below it continues the chain
 * (its transactions above the stored seq are exactly the next ones), and one whose predecessor
 * is above it would apply over a hole. A chain starts at {@link Seq#ZERO}: after a new capture
 * (nothing applied yet) or a task reset (the checkpoint row is gone). Rewinds, restarts, a
 * resumed full sync and its hand-over to the binlog continue their chain: their first message's
 * predecessor is at or below what was applied. A chain {@code duplex task recover} ended is
 * neither current nor refused: of its messages still queued, what the rewound capture sends again
 * is dropped and what it does not is applied, over no hole either ({@link Retired}).
 *
 * <p>Format 1 messages carry no chain and are applied by seq alone, as before.
 */
final class ChainCheck {
    private ChainCheck() {}

    /** The bound of a message of the current chain: every transaction above the stored seq is applied. */
    static final Seq UNBOUNDED = new Seq(9_999_999_999L, 9_999_999_999_999L, Seq.CHANGE, 9_999_999_999L);

    /**
     * @return the seq below which the message's transactions above the stored one are applied:
     *         {@link #UNBOUNDED} for the current chain; for a chain {@code duplex task recover}
     *         ended, the seq from which the rewound capture sends them again under the new chain
     *         (those before it come from these messages only). {@link Seq#ZERO} when none is applied.
     * @throws ChainBroken when {@code batch} may not be applied over {@code stored}
     */
    static Seq requireContinues(Applied stored, Batch batch) {
        Batch.Chain chain = batch.chain();
        if (chain == null) {
            return UNBOUNDED;
        }
        Optional<Retired> retired = stored.retiredChain(chain.id());
        Seq bound = retired.map(Retired::resentFrom).orElse(UNBOUNDED);
        if (retired.isPresent() && batch.transactions().stream()
                .noneMatch(t -> t.seq().compareTo(stored.seq()) > 0 && t.seq().compareTo(bound) < 0)) {
            return Seq.ZERO; // stale: all of it was applied, or comes again under the new chain
        }
        String task = batch.task();
        String where = "task " + task + " direction " + batch.direction().code() + " group " + batch.group();
        if (!stored.source().isEmpty() && !stored.source().equals(chain.source())) {
            throw new ChainBroken(where + ": node " + batch.direction().targetNode() + " applied up to seq "
                    + stored.seq() + " from source server " + stored.source() + ", but message seq " + batch.seq()
                    + " comes from server " + chain.source() + ": another server is behind node "
                    + batch.direction().sourceNode() + "'s address (a restore or a failover), whose positions mean "
                    + "something else. Nothing was applied. Start over: `duplex task reset " + task
                    + " --yes`, then start the task again with a full sync", position(batch));
        }
        if (retired.isEmpty() && !stored.chain().isEmpty() && !stored.chain().equals(chain.id())) {
            throw new ChainBroken(where + ": node " + batch.direction().targetNode() + " applied up to seq "
                    + stored.seq() + " of an earlier run of the task (chain " + stored.chain() + "), but message seq "
                    + batch.seq() + " belongs to another run (chain " + chain.id() + "): the task was started again "
                    + "under the same name without clearing its checkpoints (a re-created task, RESET MASTER), and "
                    + "seqs of the two runs cannot be compared. Nothing was applied. Start over: `duplex task reset "
                    + task + " --yes`, then start the task again", position(batch));
        }
        if (batch.seq().compareTo(stored.seq()) <= 0) {
            return bound; // applied already (skipped by seq): a redelivery or a re-send after a rewind
        }
        if (chain.prev().compareTo(stored.seq()) > 0) {
            throw new ChainBroken(where + ": messages after seq " + stored.seq() + " are missing: the next message "
                    + "received follows seq " + chain.prev() + " (what came between never arrived: dead-lettered, "
                    + "purged or lost). Nothing was applied over the hole. Recover by rewinding node "
                    + batch.direction().sourceNode() + "'s capture to what node " + batch.direction().targetNode()
                    + " applied, which re-sends the missing messages from the binlog: `duplex task recover " + task
                    + "` (add --aws-region on AWS; restarting `duplex local` does the same)", position(batch));
        }
        return bound;
    }

    private static String position(Batch batch) {
        return batch.range().to().toString();
    }
}
