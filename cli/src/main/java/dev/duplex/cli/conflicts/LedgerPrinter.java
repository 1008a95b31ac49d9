package dev.duplex.cli.conflicts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duplex.core.store.ConflictRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code duplex conflicts} prints: a compact text form (a line per conflict and a line of
 * its rows, long images cut) or JSON whole. In JSON each image is the recorded JSON object, or,
 * when the log could keep it only in part, the kept text as a string, with its full size and
 * hash under "truncated".
 */
public final class LedgerPrinter {
    /** Characters of an image shown in the text form. */
    static final int IMAGE_WIDTH = 120;
    private static final ObjectMapper JSON = new ObjectMapper();

    private LedgerPrinter() {}

    public static List<String> text(List<ConflictRecord> conflicts) {
        List<String> out = new ArrayList<>();
        for (ConflictRecord c : conflicts) {
            out.add(headline(c) + "  " + c.policy() + " -> " + c.decision());
            out.add("    before " + shortImage(c.beforeImage()) + "  after " + shortImage(c.afterImage()) + "  target "
                    + shortImage(c.targetRow()) + (c.truncated().isEmpty() ? "" : "  (stored in part)"));
        }
        return out;
    }

    public static String json(List<ConflictRecord> conflicts) {
        ArrayNode array = JSON.createArrayNode();
        conflicts.forEach(c -> array.add(node(c)));
        return array.toPrettyString();
    }

    public static List<String> text(ReplayReport report) {
        List<String> out = new ArrayList<>();
        for (ReplayReport.Row r : report.differing()) {
            ConflictRecord c = r.conflict();
            out.add(headline(c) + "  recorded " + c.decision() + " (" + c.policy() + ")  replayed " + r.replayed()
                    + " (" + r.rule() + ")");
        }
        for (ReplayReport.Row r : report.undecidable()) {
            out.add(headline(r.conflict()) + "  recorded " + r.conflict().decision() + "  undecidable: " + r.why());
        }
        out.add(report.summary());
        return out;
    }

    public static String json(ReplayReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("policy", report.policy());
        root.put("conflicts", report.conflicts());
        root.put("differing", report.differing().size());
        root.put("undecidable", report.undecidable().size());
        ArrayNode rows = root.putArray("rows");
        for (ReplayReport.Row r : report.differing()) {
            ObjectNode n = node(r.conflict());
            n.put("replayedDecision", r.replayed().name());
            n.put("replayedRule", r.rule());
            rows.add(n);
        }
        for (ReplayReport.Row r : report.undecidable()) {
            ObjectNode n = node(r.conflict());
            n.putNull("replayedDecision");
            n.put("undecidable", r.why());
            rows.add(n);
        }
        return root.toPrettyString();
    }

    private static String headline(ConflictRecord c) {
        return c.detectedAt() + "  " + c.direction().code() + "  " + c.database() + "." + c.table() + "  " + c.kind()
                + "  " + c.key();
    }

    private static String shortImage(String image) {
        if (image.isEmpty()) {
            return "-";
        }
        return image.length() > IMAGE_WIDTH ? image.substring(0, IMAGE_WIDTH) + "…" : image;
    }

    private static ObjectNode node(ConflictRecord c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("detectedAt", c.detectedAt().toString());
        n.put("direction", c.direction().code());
        n.put("database", c.database());
        n.put("table", c.table());
        n.put("kind", c.kind());
        n.put("key", c.key());
        n.put("policy", c.policy());
        n.put("decision", c.decision());
        n.set("beforeImage", image(c.beforeImage()));
        n.set("afterImage", image(c.afterImage()));
        n.set("targetRow", image(c.targetRow()));
        n.put("seq", c.seq());
        n.put("sourcePosition", c.sourcePosition());
        ArrayNode cut = n.putArray("truncated");
        for (ConflictRecord.Truncated t : c.truncated()) {
            cut.addObject().put("field", t.field()).put("bytes", t.bytes()).put("sha256", t.sha256());
        }
        return n;
    }

    /** The recorded object; null for none; the kept text when it was stored in part and no longer parses. */
    private static JsonNode image(String image) {
        if (image.isEmpty()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(image);
        } catch (JsonProcessingException cut) {
            return JSON.getNodeFactory().textNode(image);
        }
    }
}
