package dev.duplex.apply;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.OptionalInt;

/** How many times SQS has handed a message out (its ApproximateReceiveCount attribute); empty when not told. */
public final class ReceiveCount {
    private ReceiveCount() {}

    public static OptionalInt of(SQSEvent.SQSMessage m) {
        String count = m.getAttributes() == null ? null : m.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(count));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
