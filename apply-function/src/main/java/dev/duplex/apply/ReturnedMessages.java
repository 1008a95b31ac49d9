package dev.duplex.apply;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.List;

/**
 * What happens to messages returned unapplied because the task is stopped (FAILED, PAUSED, or the
 * direction held), as opposed to a message that failed: a returned FIFO message hides its whole
 * group for the queue's visibility time-out (6 × the function's time-out on AWS), which would hold
 * the direction that long after a resume or a recovery. Such messages are made visible again soon
 * instead, at most twice each, so that a direction whose event source is never switched off still
 * spends receives only at the visibility time-out's pace.
 */
public interface ReturnedMessages {
    /** How soon a message returned because the task stopped may come back. */
    Duration SOON = Duration.ofSeconds(20);
    /** Receives after which a returned message keeps the queue's own visibility time-out. */
    int SOON_AT_MOST = 2;

    /** Where the poller decides when a returned message comes back (the local runtime). */
    ReturnedMessages AS_QUEUED = returned -> { };

    /** Makes {@code returned} visible again {@link #SOON}, those received at most {@link #SOON_AT_MOST} times. */
    void comeBackSoon(List<SQSEvent.SQSMessage> returned);

    /** Those of {@code returned} that may come back soon: received at most {@link #SOON_AT_MOST} times. */
    static List<SQSEvent.SQSMessage> soonOnes(List<SQSEvent.SQSMessage> returned) {
        return returned.stream().filter(m -> ReceiveCount.of(m).orElse(1) <= SOON_AT_MOST).toList();
    }
}
