package dev.duplex.core.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the task-wide options: online DDL, alerts, partitioning and precheck. */
final class OptionsReader {

    private OptionsReader() {}

    static OnlineDdl onlineDdl(JsonNode node, Problems problems) {
        if (node == null || node.isNull()) {
            return OnlineDdl.none();
        }
        Section s = Section.open(node, "onlineDdl", problems, Map.of("patterns", "did you mean 'shadowTablePatterns'?"),
                "tool", "shadowTablePatterns");
        OnlineDdlTool tool = s.choice("tool", OnlineDdlTool.class, OnlineDdlTool.NONE);
        List<JsonNode> items = s.list("shadowTablePatterns");
        if (items == null) {
            return new OnlineDdl(tool, null);
        }
        if (tool == OnlineDdlTool.NONE) {
            problems.add(s.path("shadowTablePatterns"), "shadowTablePatterns only apply with tool: gh-ost",
                    "write tool: gh-ost, or remove shadowTablePatterns");
        }
        if (items.isEmpty()) {
            problems.add(s.path("shadowTablePatterns"), "shadowTablePatterns is empty",
                    "remove it to use the gh-ost defaults " + OnlineDdl.GH_OST_PATTERNS);
        }
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode p = items.get(i);
            if (!p.isTextual() || p.asText().isBlank()) {
                problems.add(Problems.item(s.path("shadowTablePatterns"), i), "a pattern must be non-empty text",
                        "write a table name pattern such as _%_gho, where % stands for the original table name");
            } else {
                patterns.add(p.asText());
            }
        }
        return new OnlineDdl(tool, patterns);
    }

    static Alerts alerts(JsonNode node, Problems problems) {
        if (node == null || node.isNull()) {
            return Alerts.defaults();
        }
        Map<String, String> hints = Map.of("latency", "did you mean 'latencySeconds'?",
                "ddlFailures", "did you mean 'ddlFailuresPerHour'?");
        Section s = Section.open(node, "alerts", problems, hints, "enabled", "latencySeconds", "onFailure",
                "conflictsPerHour", "deadLetterMessages", "ddlFailuresPerHour");
        Alerts d = Alerts.defaults();
        Boolean enabled = s.bool("enabled");
        int latency = s.integer("latencySeconds", d.latencySeconds(), 0, Alerts.MAX_LATENCY_SECONDS);
        Boolean onFailure = s.bool("onFailure");
        int conflicts = s.integer("conflictsPerHour", d.conflictsPerHour(), 0, 1_000_000);
        int deadLetters = s.integer("deadLetterMessages", d.deadLetterMessages(), 0, 1_000_000);
        int ddlFailures = s.integer("ddlFailuresPerHour", d.ddlFailuresPerHour(), 0, 1_000_000);
        return new Alerts(enabled == null || enabled, latency, onFailure == null || onFailure, conflicts, deadLetters,
                ddlFailures);
    }

    /**
     * {@code partitioning}: {@code transaction} (the default) or {@code table}; {@code key} is not
     * built. A table per group gives up order and atomicity across tables, and needs what its
     * groups cannot do yet left off: DDL (a statement would have to wait for every group) and a
     * full sync through the queue (a table's chunks travel in the default group, its catch-up in
     * its own, so a row deleted during the copy could come back).
     */
    static Partitioning partitioning(JsonNode node, SyncConfig sync, Problems problems) {
        if (node == null || node.isNull()) {
            return Partitioning.TRANSACTION;
        }
        Partitioning p = Choices.read(node, "partitioning", "partitioning", Partitioning.class, problems, null);
        if (p != null && !p.isSupported()) {
            problems.add("partitioning", "partitioning: " + p.code() + " is not yet supported",
                    "write partitioning: transaction (one ordered group per direction) or table");
            return Partitioning.TRANSACTION;
        }
        if (p == Partitioning.TABLE && sync != null) {
            if (sync.includes(SyncType.FULL) && sync.fullSync().via() == FullSyncRoute.QUEUE) {
                problems.add("partitioning", "partitioning: table cannot copy via the queue yet (the chunks and the "
                        + "catch-up of a table would travel in different groups)",
                        "set sync.fullSync.via: direct, or partitioning: transaction");
            }
        }
        return p == null ? Partitioning.TRANSACTION : p;
    }

    /** {@code verify: {schedule: 6h, chunkRows: 10000, parallel: 2}}; schedule as 30m, 6h, 7d (or off). */
    static VerifyOptions verify(JsonNode node, Problems problems) {
        if (node == null || node.isNull()) {
            return VerifyOptions.off();
        }
        Section s = Section.open(node, "verify", problems, Map.of("every", "did you mean 'schedule'?",
                "interval", "did you mean 'schedule'?"), "schedule", "chunkRows", "parallel");
        int chunkRows = s.integer("chunkRows", VerifyOptions.DEFAULT_CHUNK_ROWS, 100, 1_000_000);
        int parallel = s.integer("parallel", VerifyOptions.DEFAULT_PARALLEL, 1, 16);
        JsonNode raw = node.get("schedule");
        // YAML reads a bare off as false.
        String text = raw != null && raw.isBoolean() && !raw.asBoolean() ? "off" : s.optionalString("schedule");
        Duration schedule = null;
        if (text != null && !"off".equalsIgnoreCase(text.strip())) {
            schedule = interval(text.strip());
            if (schedule == null || schedule.compareTo(VerifyOptions.MIN_SCHEDULE) < 0
                    || schedule.compareTo(VerifyOptions.MAX_SCHEDULE) > 0) {
                problems.add(s.path("schedule"), "schedule '" + text + "' is not an interval from 1m to 30d",
                        "write how often to verify, e.g. schedule: 6h (m, h or d), or schedule: off");
                schedule = null;
            }
        }
        return s.isValid() ? new VerifyOptions(schedule, chunkRows, parallel) : VerifyOptions.off();
    }

    /** {@code apply: {parallel: 4}}. */
    static ApplyOptions apply(JsonNode node, Problems problems) {
        if (node == null || node.isNull()) {
            return ApplyOptions.defaults();
        }
        Section s = Section.open(node, "apply", problems, Map.of("threads", "did you mean 'parallel'?",
                "workers", "did you mean 'parallel'?"), "parallel");
        int parallel = s.integer("parallel", ApplyOptions.DEFAULT_PARALLEL, 1, ApplyOptions.MAX_PARALLEL);
        return s.isValid() ? new ApplyOptions(parallel) : ApplyOptions.defaults();
    }

    private static final Pattern INTERVAL = Pattern.compile("(\\d{1,6})([mhd])");

    /** 30m, 6h, 7d; null if it is not one. */
    private static Duration interval(String text) {
        Matcher m = INTERVAL.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    static PrecheckOptions precheck(JsonNode node, Problems problems) {
        if (node == null || node.isNull()) {
            return PrecheckOptions.none();
        }
        Section s = Section.open(node, "precheck", problems,
                Map.of("ignore", "did you mean 'acknowledge'?", "acknowledged", "did you mean 'acknowledge'?"),
                "acknowledge");
        List<JsonNode> items = s.list("acknowledge");
        List<String> ids = new ArrayList<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            JsonNode id = items.get(i);
            if (!id.isTextual() || id.asText().isBlank()) {
                problems.add(Problems.item(s.path("acknowledge"), i), "an acknowledged item must be a precheck item id",
                        "copy the id from the precheck report, e.g. binlog-row-metadata.a");
            } else {
                ids.add(id.asText().strip());
            }
        }
        return new PrecheckOptions(ids);
    }
}
