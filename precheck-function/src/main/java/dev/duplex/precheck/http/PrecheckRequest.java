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

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The body of a precheck call:
 * <pre>{"config": "&lt;task configuration, YAML or JSON text&gt;" | {task configuration as a JSON object},
 *  "acknowledge": ["item-id", ...]}</pre>
 * The configuration is validated here, before anything connects: a literal password, like any
 * other problem, is refused with every problem listed.
 */
public record PrecheckRequest(TaskConfig config, List<String> acknowledge) {

    static final String SHAPE = "POST a JSON object {\"config\": \"<task configuration as YAML or JSON text>\","
            + " \"acknowledge\": [\"<item id>\", ...]}; config may also be the configuration as a JSON object";
    private static final Set<String> KEYS = Set.of("config", "acknowledge");

    private static final ObjectMapper JSON =
            JsonMapper.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

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
                String reason = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("")
                        .replaceAll("'[^']*'", "'…'").replaceAll("\"[^\"]*\"", "\"…\"");
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
        return new PrecheckRequest(config(body.get("config")), acknowledge(body.get("acknowledge")));
    }

    private static TaskConfig config(JsonNode config) {
        if (config == null || config.isNull()) {
            throw bad("config is missing", "config");
        }
        try {
            if (config.isObject()) {
                return TaskConfigLoader.parse(config.toString(), TaskConfigLoader.Format.JSON);
            }
            if (config.isTextual()) {
                String text = config.asText();
                TaskConfigLoader.Format format = text.stripLeading().startsWith("{")
                        ? TaskConfigLoader.Format.JSON : TaskConfigLoader.Format.YAML;
                return TaskConfigLoader.parse(text, format);
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
