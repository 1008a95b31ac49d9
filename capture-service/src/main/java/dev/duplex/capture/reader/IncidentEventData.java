package dev.duplex.capture.reader;

import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import dev.duplex.core.error.StartOver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An INCIDENT event: the server's own word that changes it made are missing from its binlog
 * (LOST_EVENTS: a binlog cache that overflowed with non-transactional changes, a binlog write that
 * failed). A native replica stops on it; so does capture, since what is missing cannot be captured.
 *
 * @param number  the incident (1 is LOST_EVENTS, 2 LOST_GTIDS)
 * @param message the server's text, possibly empty
 */
public record IncidentEventData(int number, String message) implements EventData {

    /** What the server lost, in its own name. */
    public String incident() {
        return switch (number) {
            case 1 -> "LOST_EVENTS";
            case 2 -> "LOST_GTIDS";
            default -> "incident " + number;
        };
    }

    /**
     * Why capture stops on the event and what to do. Changes the server made are not in its
     * binlog, and which ones it does not say: nothing after this point can be trusted to bring
     * node b level, so only a copy can.
     */
    public static String refusal(EventData data) {
        String what = data instanceof IncidentEventData d
                ? d.incident() + (d.message().isEmpty() ? "" : " (" + d.message() + ")") : "an incident";
        return "the source wrote " + what + " into its binlog: changes it made here are missing from the binlog, "
                + "and no capture can read them. " + StartOver.afterFixing("Find what failed in the source's error "
                + "log at that time (a binlog cache too small for non-transactional changes, a failed binlog write) "
                + "and fix it");
    }

    /** The event's body: a 2-byte incident number, then a length-prefixed message. */
    static final class Deserializer implements EventDataDeserializer<IncidentEventData> {
        @Override
        public IncidentEventData deserialize(ByteArrayInputStream in) throws IOException {
            int number = in.readInteger(2);
            if (in.available() <= 0) {
                return new IncidentEventData(number, "");
            }
            int length = in.readInteger(1);
            return new IncidentEventData(number, new String(in.read(Math.min(length, in.available())),
                    StandardCharsets.UTF_8));
        }
    }
}
