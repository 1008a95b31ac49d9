package dev.duplex.apply;

import java.time.Duration;
import java.util.Optional;

/**
 * How long one invocation of the apply function may run (the Lambda function's time-out) and the
 * margin left free at its end. Every target statement is bounded by the time left minus the
 * margin, so a slow or locked target ends in a classified retriable error inside the invocation
 * (lock wait time-out, statement time-out, socket time-out) and the message goes back to SQS as a
 * failed one, with the error recorded, instead of Lambda killing the whole invocation. The margin
 * pays for what follows the statement: rollback, the DynamoDB writes of the failure and the response.
 *
 * <p>Funqy hands the function no Lambda context, so the remaining time is counted from the start of
 * the invocation against the function's configured time-out, which infra/ passes as
 * {@code DUPLEX_INVOCATION_SECONDS}. Without it (the local runtime) nothing is bounded.
 */
public record InvocationLimit(Duration invocation, Duration margin) {
    public static final Duration DEFAULT_MARGIN = Duration.ofSeconds(10);
    /** Less time than this for a statement is no attempt: the message goes back at once. */
    static final Duration LEAST_STATEMENT_TIME = Duration.ofSeconds(1);

    public InvocationLimit {
        if (invocation.compareTo(margin.plus(LEAST_STATEMENT_TIME)) < 0) {
            throw new IllegalArgumentException("an invocation of " + invocation.toSeconds() + " s leaves no time for "
                    + "statements after the margin of " + margin.toSeconds() + " s");
        }
    }

    /** The limit for {@code DUPLEX_INVOCATION_SECONDS} (the function's Timeout); empty when unset (no limit). */
    public static Optional<InvocationLimit> fromSeconds(String invocationSeconds) {
        if (invocationSeconds == null || invocationSeconds.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new InvocationLimit(Duration.ofSeconds(Long.parseLong(invocationSeconds.strip())),
                    DEFAULT_MARGIN));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DUPLEX_INVOCATION_SECONDS must be the apply function's time-out in "
                    + "seconds, more than " + DEFAULT_MARGIN.plus(LEAST_STATEMENT_TIME).toSeconds() + "; got '"
                    + invocationSeconds + "'", e);
        }
    }

}
