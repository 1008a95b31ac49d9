package dev.duplex.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What infra/sam/template.yaml gives the compute it deploys (the parts moto cannot run): each
 * function's handler, memory, time-out and environment, each capture container's environment.
 * CloudFormation's short-form tags ({@code !Ref X}) read as their bare argument, which
 * {@code refs} (and the parameters' defaults) resolve; anything else is a literal.
 */
final class DeployedTemplate {
    private final JsonNode root;
    private final Map<String, String> refs = new LinkedHashMap<>();

    private DeployedTemplate(JsonNode root, Map<String, String> refs) {
        this.root = root;
        root.path("Parameters").fields().forEachRemaining(p -> {
            if (p.getValue().has("Default")) {
                this.refs.put(p.getKey(), p.getValue().get("Default").asText());
            }
        });
        this.refs.putAll(refs);
    }

    /** @param refs what !Ref of a parameter or resource resolves to in this deployment */
    static DeployedTemplate read(Path template, Map<String, String> refs) {
        try {
            return new DeployedTemplate(new ObjectMapper(new YAMLFactory()).readTree(Files.readString(template)), refs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + template, e);
        }
    }

    /** The environment of a task definition's (first) container, as ECS gives it. */
    Map<String, String> containerEnvironment(String taskDefinition) {
        JsonNode env = resource(taskDefinition).path("ContainerDefinitions").path(0).path("Environment");
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach(e -> out.put(e.get("Name").asText(), resolve(e.get("Value").asText())));
        return out;
    }

    /** A function's environment variables. */
    Map<String, String> functionEnvironment(String function) {
        Map<String, String> out = new LinkedHashMap<>();
        resource(function).path("Environment").path("Variables").fields()
                .forEachRemaining(v -> out.put(v.getKey(), resolve(v.getValue().asText())));
        return out;
    }

    /** Whether an event source mapping is created enabled (CloudFormation's default: yes). */
    boolean enabled(String mapping) {
        JsonNode e = resource(mapping).path("Enabled");
        return e.isMissingNode() || Boolean.parseBoolean(resolve(e.asText()));
    }

    String handler(String function) {
        return resolve(resource(function).path("Handler").asText());
    }

    int memoryMb(String function) {
        return Integer.parseInt(resolve(resource(function).path("MemorySize").asText()));
    }

    int timeoutSeconds(String function) {
        return Integer.parseInt(resolve(resource(function).path("Timeout").asText()));
    }

    private JsonNode resource(String logicalId) {
        JsonNode r = root.path("Resources").path(logicalId).path("Properties");
        if (r.isMissingNode()) {
            throw new IllegalArgumentException("no resource " + logicalId + " in the template");
        }
        return r;
    }

    private String resolve(String value) {
        return refs.getOrDefault(value, value);
    }
}
