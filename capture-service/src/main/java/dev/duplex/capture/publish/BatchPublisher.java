package dev.duplex.capture.publish;

import dev.duplex.capture.batch.Outgoing;
import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.LeaseLostException;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.store.CaptureCheckpoint;
import dev.duplex.core.store.CheckpointStore;
import dev.duplex.core.store.Lease;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Publishes batches the way the guarantees need it: only while holding the lease, to SQS, and
 * stores checkpoints fenced by the lease's token. {@link #publish} only names the checkpoint the
 * messages make possible (an end, if that is a transaction boundary, i.e. not after a fragment
 * that is not the last) once SQS accepted them; the caller stores it with {@link #save} when a
 * {@link CheckpointPacer} says so, so that a busy capture does not pay one DynamoDB write per
 * message.
 */
public final class BatchPublisher {
    private static final Duration LEASE_WAIT = Duration.ofSeconds(5);
    private static final int CHECKPOINT_ATTEMPTS = 5;
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

    private final SqsPublisher sqs;
    private final CheckpointStore checkpoints;
    private final LeaseKeeper lease;
    private final String serverIdentity;
    private final Clock clock;

    public BatchPublisher(SqsPublisher sqs, CheckpointStore checkpoints, LeaseKeeper lease, String serverIdentity,
                          Clock clock) {
        this.sqs = sqs;
        this.checkpoints = checkpoints;
        this.lease = lease;
        this.serverIdentity = serverIdentity;
        this.clock = clock;
    }

    /**
     * Sends messages while holding the lease, each group's in the order given (different groups'
     * together where they may: {@link SqsPublisher#sendAll}); stores nothing. The checkpoint is that
     * of the last message that allows one ({@link Outgoing#resumeFrom}): its end, unless another
     * group still holds part of a transaction that began before it.
     *
     * @return the checkpoint SQS's acceptance of the messages allows (not stored yet: see
     * {@link #save}), or empty when none does (fragments that are not the last, messages sent ahead
     * of batches cut before them)
     * @throws LeaseLostException when the lease is gone: nothing more may be sent
     */
    public Optional<CaptureCheckpoint> publish(List<Outgoing> messages) {
        List<Batch> batches = new ArrayList<>(messages.size());
        messages.forEach(m -> batches.add(m.batch()));
        sqs.sendAll(batches, () -> lease.valid(LEASE_WAIT));
        for (int i = messages.size() - 1; i >= 0; i--) {
            Outgoing message = messages.get(i);
            Batch batch = message.batch();
            if (batch.fragment().last() && message.checkpoints()) {
                return Optional.of(CaptureCheckpoint.ofGroups(batch.task(), batch.direction(), message.resumeFrom(),
                        QueueNames.defaultGroup(batch.direction()), batch.seq(), message.groupSeqs(), message.groupStarts(),
                        serverIdentity, clock.instant(), batch.chain() == null ? "" : batch.chain().id()));
            }
        }
        return Optional.empty();
    }

    /** Whether the lease is still held (a lost one never comes back): checkpoints may be stored. */
    public boolean leaseHeld() {
        return !lease.isLost();
    }

    /**
     * Sends a batch while holding the lease, without a checkpoint: for full sync's snapshot
     * batches, whose progress is kept per table instead.
     *
     * @throws LeaseLostException when the lease is gone: nothing more may be sent
     */
    public void send(Batch batch) {
        lease.valid(LEASE_WAIT);
        sqs.send(batch);
    }

    /** Stores a checkpoint under the lease, retrying what may pass. */
    public void save(CaptureCheckpoint cp) {
        for (int attempt = 0; ; attempt++) {
            Lease l = lease.valid(LEASE_WAIT);
            try {
                checkpoints.save(cp, l);
                return;
            } catch (LeaseLostException e) {
                throw e;
            } catch (RuntimeException e) {
                if (!ErrorClassifier.isRetriable(e) || attempt + 1 >= CHECKPOINT_ATTEMPTS) {
                    throw ErrorClassifier.isRetriable(e)
                            ? new RetriableException("cannot store the checkpoint " + cp.position() + ": " + e.getMessage(),
                                    cp.position().toString(), 0, e)
                            : e;
                }
                if (!BACKOFF.sleep(attempt)) {
                    throw new RetriableException("interrupted while storing the checkpoint " + cp.position());
                }
            }
        }
    }
}
