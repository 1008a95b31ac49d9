package dev.duplex.cli.fullsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.aws.AwsClients;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code duplex local} in its own JVM, as a user runs it, output to a file; SIGKILLable like a crash. */
final class RuntimeJvm implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final Path stateDir;

    private RuntimeJvm(Process process, Path log, Path stateDir) {
        this.process = process;
        this.log = log;
        this.stateDir = stateDir;
    }

    static RuntimeJvm start(Path config, Path stateDir, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Under Failsafe the class path may be one manifest-only jar; its Class-Path carries the rest.
        List<String> cmd = List.of(java, "-Xmx1g", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "dev.duplex.cli.DuplexCommand", "local", "--verbose", "-c", config.toString(),
                "--state-dir", stateDir.toString(), "--status-every", "2");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new RuntimeJvm(p, log, stateDir);
    }

    /** Waits for runtime.json naming this process (written once the task started), then a client to its DynamoDB. */
    DynamoDbClient awaitDynamo(Duration timeout) throws Exception {
        Path runtimeFile = stateDir.resolve("runtime.json");
        Waits.until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("duplex local exited with " + process.exitValue() + ":\n" + tail());
            }
            return endpoint(runtimeFile).isPresent();
        }, timeout, "duplex local to start");
        return AwsClients.dynamo(endpoint(runtimeFile), Region.US_EAST_1);
    }

    /** The DynamoDB endpoint of this runtime, once it started. */
    URI dynamoEndpoint() {
        return endpoint(stateDir.resolve("runtime.json")).orElseThrow();
    }

    private Optional<URI> endpoint(Path runtimeFile) {
        try {
            if (!Files.isRegularFile(runtimeFile)) {
                return Optional.empty();
            }
            JsonNode info = new ObjectMapper().readTree(runtimeFile.toFile());
            return info.path("pid").asLong() == process.pid()
                    ? Optional.of(URI.create(info.path("dynamoEndpoint").asText())) : Optional.empty();
        } catch (IOException partial) {
            return Optional.empty();
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or released. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, which the command treats as Ctrl-C. */
    void stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    List<String> output() throws IOException {
        return Files.readAllLines(log);
    }

    String tail() {
        try {
            List<String> lines = output();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
