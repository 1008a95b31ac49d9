package dev.duplex.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.core.config.ConfigProblem;
import dev.duplex.core.config.InvalidConfigException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --json} output of the commands: one JSON document on standard output, whatever the
 * outcome (the exit code says it too), so a script reads one thing.
 */
final class JsonOut {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonOut() {}

    static void print(PrintWriter out, Object document) {
        try {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the JSON output: " + e.getOriginalMessage(), e);
        }
    }

    /** A configuration file that does not validate: every problem with where it is and its fix. */
    static Map<String, Object> invalidConfig(Path file, InvalidConfigException e) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("file", file.toString());
        doc.put("valid", false);
        List<ConfigProblem> problems = e.problems();
        doc.put("problems", problems);
        return doc;
    }
}
