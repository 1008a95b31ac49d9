package dev.duplex.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.duplex.core.error.QuotedText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Loads task configurations written in YAML or JSON. Every problem is reported at once in an
 * {@link InvalidConfigException}; problems never quote a password.
 */
public final class TaskConfigLoader {

    public enum Format {
        YAML, JSON;

        /** The format of a file by its extension: .yaml, .yml or .json. */
        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return YAML;
            }
            if (name.endsWith(".json")) {
                return JSON;
            }
            throw new IllegalArgumentException("cannot tell the format of " + file
                    + ": name it .yaml, .yml or .json");
        }
    }

    // Source snippets are kept out of parser errors: they could show a mistyped password.
    private static final ObjectMapper YAML_MAPPER = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    private static final ObjectMapper JSON_MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private TaskConfigLoader() {}

    public static TaskConfig load(Path file) {
        Format format = Format.of(file);
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), format);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read task configuration " + file, e);
        }
    }

    /**
     * Parses a stored document (the task table holds what the user put, JSON or YAML): a document
     * whose first non-blank character is '{' is JSON, anything else YAML (of which JSON is a subset).
     */
    public static TaskConfig parse(String text) {
        return parse(text, text.stripLeading().startsWith("{") ? Format.JSON : Format.YAML);
    }

    public static TaskConfig parse(String text, Format format) {
        return TaskConfigReader.read(tree(text, format));
    }

    /** The document as a tree, or an exception naming the syntax error's line and column. */
    static JsonNode tree(String text, Format format) {
        ObjectMapper mapper = format == Format.YAML ? YAML_MAPPER : JSON_MAPPER;
        JsonNode root;
        try {
            root = mapper.readTree(text == null ? "" : text);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException(List.of(syntaxProblem(e, format)));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InvalidConfigException(List.of(new ConfigProblem("", "the document is empty",
                    "start from examples/two-way-local.yaml")));
        }
        return root;
    }

    /** Quoted text in the parser's message is elided, since it may be a value the user typed. */
    private static ConfigProblem syntaxProblem(JsonProcessingException e, Format format) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String detail = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
        if (!detail.startsWith("Duplicate field")) {
            detail = QuotedText.hide(detail);
        }
        return new ConfigProblem("", "not valid " + format + where + ": " + detail,
                "fix the syntax near that line");
    }
}
