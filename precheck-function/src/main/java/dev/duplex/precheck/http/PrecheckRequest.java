package dev.duplex.precheck.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.duplex.core.config.ConfigProblem;
import dev.duplex.core.config.InvalidConfigException;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.error.QuotedText;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The body of a precheck call:
 * <pre>{"task": "&lt;stored task name&gt;", "acknowledge": ["item-id", ...]}</pre>
 * The precheck runs on the task as stored ({@code duplex task put}). An optional {@code config}
 * (YAML or JSON text, or a JSON object) is a dry run of a changed configuration of that task;
 * what it may name is decided by {@link DryRunRule} before anything connects. Everything here
 * is read and validated without a connection or a secret read.
 */
public record PrecheckRequest(String task, Optional<TaskConfig> dryRun, List<String> acknowledge) {

    static final String SHAPE = "POST a JSON object {\"task\": \"<stored task name>\", \"acknowledge\": [\"<item id>\","
            + " ...]} with Content-Type: application/json; store the task first with duplex task put -c task.yaml";
    private static final Set<String> KEYS = Set.of("task", "config", "acknowledge");

    private static final ObjectMapper JSON =
            JsonMapper.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

    public PrecheckRequest {
        acknowledge = List.copyOf(acknowledge);
    }

    /** Parses a raw request body; a body that is not JSON is refused with its line and column. */
    public static PrecheckRequest parse(String body) {
        JsonNode tree;
        try {
            tree = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed(body);
        }
        return read(tree);
    }

    /**
     * Why a body is not readable. Quoted text from the parser's message is elided: a malformed
     * body may contain a password.
     */
    public static BadRequestException malformed(String body) {
        String detail = "the body is not a JSON object";
        if (body != null && !body.isBlank()) {
            try {
                JSON.readTree(body);
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                String reason = QuotedText.hide(String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse(""));
                detail = "the body is not valid JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                        + at.getColumnNr()) + ": " + reason;
            }
        }
        return new BadRequestException(detail, List.of(new ConfigProblem("", detail, SHAPE)));
    }

    public static PrecheckRequest read(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw bad("the body is empty", "");
        }
        if (!body.isObject()) {
            throw bad("the body must be a JSON object", "");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw bad("unknown key '" + key + "'", key);
            }
        }
        String task = task(body.get("task"));
        Optional<TaskConfig> dryRun = Optional.ofNullable(body.get("config")).filter(c -> !c.isNull())
                .map(PrecheckRequest::config);
        if (dryRun.isPresent() && !dryRun.get().task().equals(task)) {
            throw bad("config is a configuration of task '" + dryRun.get().task() + "', not of the requested task '"
                    + task + "'", "config.task");
        }
        return new PrecheckRequest(task, dryRun, acknowledge(body.get("acknowledge")));
    }

    private static String task(JsonNode task) {
        if (task == null || task.isNull()) {
            throw bad("task is missing: the precheck runs a stored task, named by \"task\"", "task");
        }
        if (!task.isTextual() || !TaskConfig.TASK_NAME.matcher(task.asText()).matches()) {
            throw bad("task must be a task name (1 to 40 letters, digits, '-' or '_')", "task");
        }
        return task.asText();
    }

    private static TaskConfig config(JsonNode config) {
        try {
            if (config.isObject()) {
                return TaskConfigLoader.parse(config.toString());
            }
            if (config.isTextual()) {
                return TaskConfigLoader.parse(config.asText());
            }
        } catch (InvalidConfigException e) {
            throw new BadRequestException("invalid task configuration", e.problems().stream()
                    .map(p -> new ConfigProblem("config" + (p.path().isEmpty() ? "" : "." + p.path()), p.message(), p.fix()))
                    .toList());
        }
        throw bad("config must be the task configuration as text (YAML or JSON) or as a JSON object", "config");
    }

    private static List<String> acknowledge(JsonNode ack) {
        List<String> ids = new ArrayList<>();
        if (ack == null || ack.isNull()) {
            return ids;
        }
        if (!ack.isArray()) {
            throw bad("acknowledge must be a list of precheck item ids", "acknowledge");
        }
        for (JsonNode id : ack) {
            if (!id.isTextual() || id.asText().isBlank()) {
                throw bad("acknowledge must hold item ids as text, e.g. \"binlog-row-metadata.a\"", "acknowledge");
            }
            ids.add(id.asText());
        }
        return ids;
    }

    private static BadRequestException bad(String message, String path) {
        return new BadRequestException(message, List.of(new ConfigProblem(path, message, SHAPE)));
    }
}
