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
import java.util.Optional;

/**
 * Publishes batches the way the guarantees need it: only while holding the lease, to SQS, and
 * stores checkpoints fenced by the lease's token. {@link #publish} only names the checkpoint a
 * message makes possible (its end, if that is a transaction boundary, i.e. not after a fragment
 * that is not the last) once SQS accepted it; the caller stores it with {@link #save} when a
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
     * Sends one message while holding the lease; stores nothing. The checkpoint resumes where the
     * message says ({@link Outgoing#resumeFrom}): its end, unless another group still holds part of
     * a transaction that began before it.
     *
     * @return the checkpoint SQS's acceptance of the message allows (not stored yet: see
     * {@link #save}), or empty for a fragment that is not the last, or a message sent ahead of
     * batches cut before it
     * @throws LeaseLostException when the lease is gone: nothing more may be sent
     */
    public Optional<CaptureCheckpoint> publish(Outgoing message) {
        Batch batch = message.batch();
        lease.valid(LEASE_WAIT);
        sqs.send(batch);
        if (!batch.fragment().last() || !message.checkpoints()) {
            return Optional.empty();
        }
        return Optional.of(CaptureCheckpoint.ofGroups(batch.task(), batch.direction(), message.resumeFrom(),
                QueueNames.defaultGroup(batch.direction()), batch.seq(), message.groupSeqs(), serverIdentity,
                clock.instant(), batch.chain() == null ? "" : batch.chain().id()));
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
