package dev.duplex.cli.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.CaptureCheckpoint;
import dev.duplex.core.store.ConflictRecord;
import dev.duplex.core.store.DirectionStatus;
import dev.duplex.core.store.RefusedDdl;
import dev.duplex.core.store.VerifyResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The status as one JSON document: what {@code duplex status --json} prints and the dashboard
 * polls. The one owner of its shape (docs/status.md describes the fields); the text report is
 * {@link StatusView#render}. Figures that are not known are null, never made up; approximate or
 * lower-bound figures say so in a field next to them.
 *
 * @param earlier the first of the two samples rates are taken between; may be null (no rates then)
 * @param now     the second sample
 * @param queues  each direction's queue figures
 */
public record StatusDocument(StatusView earlier, StatusView now, Map<Direction, QueueStats> queues) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ObjectNode toJson() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("task", now.task().task());
        doc.put("state", now.task().state().name());
        doc.put("reason", now.task().stateReason());
        doc.put("at", now.takenAt().toString());
        if (earlier == null) {
            doc.putNull("sampleSeconds");
        } else {
            doc.put("sampleSeconds", Duration.between(earlier.takenAt(), now.takenAt()).toMillis() / 1000.0);
        }
        ObjectNode dirs = doc.putObject("directions");
        for (Direction d : Direction.values()) {
            dirs.set(d.code(), direction(d));
        }
        doc.set("fullSync", fullSync());
        doc.set("lastVerification", now.verification().map(StatusDocument::verification).orElse(null));
        ObjectNode conflicts = doc.putObject("conflicts");
        conflicts.put("total", now.conflictCount());
        var recent = conflicts.putArray("recent");
        now.conflicts().forEach(c -> recent.add(conflict(c)));
        var log = doc.putArray("log");
        now.log().forEach(e -> log.addObject().put("at", e.at().toString()).put("level", e.level())
                .put("direction", e.direction()).put("message", e.message()));
        return doc;
    }

    /** The document as one line of JSON text. */
    public String text() {
        return toJson().toString();
    }

    private ObjectNode direction(Direction d) {
        ObjectNode o = JSON.createObjectNode();
        DirectionStatus s = now.directions().get(d);
        CaptureCheckpoint cp = now.checkpoints().get(d);
        o.put("appliedAnything", s != null);
        putOrNull(o, "latencyMs", s == null || s.latencyMillis() < 0 ? null : s.latencyMillis());
        putOrNull(o, "latencyAgeMs", now.latencyAgeMillis(d).stream().boxed().findFirst().orElse(null));
        o.put("latencyAgeIsLowerBound", true);
        o.put("rowsApplied", now.rowsApplied(d));
        if (earlier == null) {
            o.putNull("rowsPerSecond");
        } else {
            o.put("rowsPerSecond", Math.round(now.rowsPerSecond(earlier, d) * 10) / 10.0);
        }
        o.put("conflicts", s == null ? 0 : s.conflicts());
        o.put("catchUpReplays", s == null ? 0 : s.catchUpReplays());
        o.put("ddlFailures", s == null ? 0 : s.ddlFailures());
        o.set("lastDdlFailure", s == null ? null : s.lastDdlFailure().map(StatusDocument::ddl).orElse(null));
        o.put("capturedPosition", cp == null ? null : cp.position().file() + ":" + cp.position().pos());
        o.put("appliedPosition", s == null || s.lastSourcePosition().isEmpty() ? null : s.lastSourcePosition());
        o.put("messageGroups", s == null ? 1 : s.groups());
        o.put("furthestBehindGroup", s == null || s.behindGroup().isEmpty() ? null : s.behindGroup());
        o.put("retryingSince", s == null || !s.retrying() ? null : s.retryingSince().toString());
        o.set("lastError", s == null || s.lastError().isEmpty() ? null : lastError(s));
        o.put("heldUntilFullSyncEnds", now.initialLoad() && now.task().state().holds(d));
        o.set("queue", queue(queues.get(d)));
        return o;
    }

    private static ObjectNode lastError(DirectionStatus s) {
        ObjectNode e = JSON.createObjectNode();
        e.put("at", s.lastErrorAt().equals(Instant.EPOCH) ? null : s.lastErrorAt().toString());
        e.put("message", s.lastError());
        e.put("applyingAgainSince", s.recoveredSinceLastError());
        return e;
    }

    private static ObjectNode ddl(RefusedDdl f) {
        ObjectNode o = JSON.createObjectNode();
        o.put("at", f.at().toString());
        o.put("database", f.database());
        o.put("statement", f.statement());
        o.put("error", f.error());
        return o;
    }

    private static ObjectNode queue(QueueStats q) {
        ObjectNode o = JSON.createObjectNode();
        if (q == null || !q.available()) {
            o.put("available", false);
            o.put("unavailable", q == null ? "not read" : q.unavailable());
            return o;
        }
        o.put("available", true);
        o.put("approximate", true);
        o.put("messages", q.messages());
        o.put("inFlight", q.inFlight());
        o.put("dlqMessages", q.dlqMessages());
        putOrNull(o, "oldestMessageAgeMs", q.oldest().known() ? q.oldest().millis() : null);
        o.put("oldestMessageAgeIsLowerBound", q.oldest().lowerBound());
        o.put("oldestMessageAgeBasis", q.oldest().basis());
        o.put("oldestMessageAgeSource", q.oldest().source().isEmpty() ? null : q.oldest().source());
        o.put("oldestMessageAgeMeasuredAt", q.oldest().measuredAt().map(Instant::toString).orElse(null));
        return o;
    }

    private ObjectNode fullSync() {
        return now.fullSync().map(p -> {
            ObjectNode o = JSON.createObjectNode();
            o.put("running", now.initialLoad());
            o.put("tables", p.tables());
            o.put("tablesDone", p.tablesDone());
            o.put("rowsDone", p.rowsDone());
            o.put("rowsEstimated", p.rowsEstimated());
            o.put("rowsEstimatedIsApproximate", true);
            o.put("fraction", Math.round(p.fraction() * 1000) / 1000.0);
            var rate = now.fullSyncRate(earlier);
            putOrNull(o, "rowsPerSecond", rate.isPresent() ? Math.round(rate.getAsDouble()) : null);
            var eta = now.fullSyncEtaSeconds(earlier);
            putOrNull(o, "etaSeconds", eta.isPresent() ? eta.getAsLong() : null);
            o.put("eta", !now.initialLoad() ? "done" : eta.isPresent() ? "approximate" : "unknown");
            return o;
        }).orElse(null);
    }

    private static ObjectNode verification(VerifyResult v) {
        ObjectNode o = JSON.createObjectNode();
        o.put("at", v.at().toString());
        o.put("tables", v.tables());
        o.put("rows", v.rows());
        putOrNull(o, "differences", v.differences() < 0 ? null : v.differences());
        o.put("seconds", v.seconds());
        var differing = o.putArray("differing");
        v.differing().forEach(differing::add);
        o.put("note", v.note());
        return o;
    }

    private static ObjectNode conflict(ConflictRecord c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("detectedAt", c.detectedAt().toString());
        o.put("direction", c.direction().code());
        o.put("database", c.database());
        o.put("table", c.table());
        o.put("key", c.key());
        o.put("kind", c.kind());
        o.put("decision", c.decision());
        return o;
    }

    private static void putOrNull(ObjectNode o, String field, Number n) {
        if (n == null) {
            o.putNull(field);
        } else if (n instanceof Double || n instanceof Float) {
            o.put(field, n.doubleValue());
        } else {
            o.put(field, n.longValue());
        }
    }

    /** Each direction's queue figures in the text report; lines as {@link StatusView#render(StatusView, Map)}. */
    public List<String> lines() {
        return now.render(earlier, queues);
    }
}
