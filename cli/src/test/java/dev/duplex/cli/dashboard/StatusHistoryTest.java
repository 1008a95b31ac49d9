package dev.duplex.cli.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StatusHistoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode doc(long latency, double rate) throws Exception {
        return JSON.readTree("{\"directions\": {\"a2b\": {\"latencyMs\": " + latency + ", \"rowsPerSecond\": " + rate
                + "}, \"b2a\": {\"latencyMs\": null, \"rowsPerSecond\": null}}}");
    }

    @Test
    void shouldKeepTheNewestSamplesAndDropTheOldestWhenFull() throws Exception {
        StatusHistory history = new StatusHistory(3);
        for (int i = 1; i <= 5; i++) {
            history.add(i * 1000L, doc(i * 10L, i));
        }

        JsonNode samples = history.toJson().path("samples");

        assertEquals(3, samples.size());
        assertEquals(3000, samples.get(0).get(0).asLong(), "the two oldest were dropped");
        assertEquals(50, samples.get(2).get(1).asLong(), "a2b latency of the newest");
        assertEquals(5.0, samples.get(2).get(3).asDouble(), "a2b rows/s of the newest");
    }

    @Test
    void shouldKeepAnUnknownFigureAsNullNotZero() throws Exception {
        StatusHistory history = new StatusHistory(10);
        history.add(1000, doc(10, 1));

        JsonNode sample = history.toJson().path("samples").get(0);

        assertTrue(sample.get(2).isNull(), "b2a latency unknown");
        assertTrue(sample.get(4).isNull(), "b2a rows/s unknown");
        assertEquals("b2aRowsPerSecond", history.toJson().path("fields").get(4).asText());
    }
}
