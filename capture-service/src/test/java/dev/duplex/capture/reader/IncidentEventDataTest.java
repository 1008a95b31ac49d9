package dev.duplex.capture.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class IncidentEventDataTest {

    @Test
    void shouldReadTheIncidentNumberAndTheServersMessage() throws IOException {
        byte[] body = {1, 0, 5, 'o', 'o', 'p', 's', '!'};
        IncidentEventData d = new IncidentEventData.Deserializer().deserialize(new ByteArrayInputStream(body));
        assertEquals(new IncidentEventData(1, "oops!"), d);
        assertEquals("LOST_EVENTS", d.incident());
    }

    @Test
    void shouldReadAnIncidentWithoutAMessage() throws IOException {
        IncidentEventData d = new IncidentEventData.Deserializer().deserialize(new ByteArrayInputStream(new byte[] {2, 0}));
        assertEquals(new IncidentEventData(2, ""), d);
        assertEquals("LOST_GTIDS", d.incident());
    }
}
