package dev.duplex.cli.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The last minutes of per-direction latency and throughput, one sample per status reading, for
 * the dashboard's charts: a ring buffer, the oldest sample dropped when full.
 */
final class StatusHistory {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Column order of every sample; null where the figure was not known. */
    static final String[] FIELDS = {"atMs", "a2bLatencyMs", "b2aLatencyMs", "a2bRowsPerSecond", "b2aRowsPerSecond"};

    private final int capacity;
    private final Deque<ArrayNode> samples = new ArrayDeque<>();

    StatusHistory(int capacity) {
        this.capacity = capacity;
    }

    /** Adds the figures of one status document (StatusDocument's JSON). */
    synchronized void add(long atMillis, JsonNode doc) {
        ArrayNode row = JSON.createArrayNode().add(atMillis);
        for (String field : new String[] {"latencyMs", "rowsPerSecond"}) {
            for (String d : new String[] {"a2b", "b2a"}) {
                JsonNode v = doc.path("directions").path(d).path(field);
                row.add(v.isNumber() ? v : JSON.nullNode());
            }
        }
        // FIELDS lists latency a2b, b2a then rows/s a2b, b2a: the loop above adds them in that order.
        samples.addLast(row);
        while (samples.size() > capacity) {
            samples.removeFirst();
        }
    }

    synchronized int size() {
        return samples.size();
    }

    synchronized ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode fields = o.putArray("fields");
        for (String f : FIELDS) {
            fields.add(f);
        }
        ArrayNode rows = o.putArray("samples");
        samples.forEach(r -> rows.add(r.deepCopy()));
        return o;
    }
}
