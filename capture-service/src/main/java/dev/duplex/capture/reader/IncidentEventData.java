package dev.duplex.capture.reader;

import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
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
