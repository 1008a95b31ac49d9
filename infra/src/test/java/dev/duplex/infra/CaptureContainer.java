package dev.duplex.infra;

import dev.duplex.sandbox.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The capture container as its image runs it, without Docker: infra/capture/Dockerfile's
 * ENTRYPOINT ({@code java -jar} on the jar its CAPTURE_JAR argument copies) and JAVA_TOOL_OPTIONS,
 * with the environment the task definition gives, plus what only this machine needs (endpoints
 * of the emulators, a free health port: two containers share one network namespace here).
 */
final class CaptureContainer implements AutoCloseable {
    private final Process process;
    private final Path log;

    private CaptureContainer(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * @param environment the task definition's container environment and the test's additions
     * @param memoryMb    the task definition's memory: the heap gets what the image's
     *                    MaxRAMPercentage gives of a container that size
     */
    static CaptureContainer start(Path repo, Map<String, String> environment, int memoryMb, Path log) {
        Path dockerfile = repo.resolve("infra/capture/Dockerfile");
        String text;
        try {
            text = Files.readString(dockerfile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path jar = repo.resolve(match(text, "ARG CAPTURE_JAR=(\\S+)"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no capture jar at " + jar + ": build capture-service first (package)");
        }
        String toolOptions = match(text, "ENV JAVA_TOOL_OPTIONS=\"([^\"]+)\"");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-Xmx" + (memoryMb * 3 / 4) + "m"); // what MaxRAMPercentage=75 makes of the container's memory
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_TOOL_OPTIONS", toolOptions);
        pb.environment().putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            return new CaptureContainer(pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the capture container: " + e.getMessage(), e);
        }
    }

    private static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("infra/capture/Dockerfile has no " + regex);
        }
        return m.group(1);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, as ECS stops a task; SIGKILL after the task definition's StopTimeout. */
    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(30));
    }
}
