package dev.duplex.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.aws.AwsClients;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.aws.store.TableSetup;
import dev.duplex.sandbox.EmbeddedDynamo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local runtime's state directory. A running {@code duplex local} records its endpoints in
 * {@code runtime.json}; other commands talk to those endpoints, and open the directory's
 * DynamoDB Local data themselves only when no runtime is running.
 */
final class StateDir {
    static final Path DEFAULT = Path.of(".duplex");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    StateDir(Path root) {
        this.root = root.toAbsolutePath();
    }

    Path root() {
        return root;
    }

    Path dynamoData() {
        return root.resolve("dynamodb");
    }

    Path runtimeFile() {
        return root.resolve("runtime.json");
    }

    /** The running runtime's precheck token (owner-only), which callers of its POST /precheck send. */
    Path precheckTokenFile() {
        return root.resolve("precheck.token");
    }

    /** Endpoints of the runtime that owns this directory, if one is alive. */
    Optional<RuntimeInfo> runningRuntime() {
        return recordedRuntime().filter(StateDir::alive);
    }

    /** The runtime this directory records though its process is gone: it was killed, or died, without cleaning up. */
    Optional<RuntimeInfo> deadRuntime() {
        return recordedRuntime().filter(r -> !alive(r));
    }

    private Optional<RuntimeInfo> recordedRuntime() {
        Path f = runtimeFile();
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), RuntimeInfo.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean alive(RuntimeInfo r) {
        return ProcessHandle.of(r.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    void writeRuntime(RuntimeInfo info) {
        try {
            Files.createDirectories(root);
            Path tmp = root.resolve("runtime.json.tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), info);
            Files.move(tmp, runtimeFile(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runtimeFile() + ": " + e.getMessage(), e);
        }
    }

    void clearRuntime() {
        try {
            Files.deleteIfExists(runtimeFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + runtimeFile() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A DynamoDB connection for a short command: the given endpoint, else the running runtime's,
     * else DynamoDB Local opened on this directory for the duration of the command.
     */
    Dynamo openDynamo(Optional<URI> endpoint, String tablePrefix) {
        StoreTables tables = StoreTables.withPrefix(tablePrefix);
        Optional<URI> target = endpoint.or(() -> runningRuntime().map(r -> URI.create(r.dynamoEndpoint())));
        if (target.isPresent()) {
            return new Dynamo(AwsClients.dynamo(target, Region.US_EAST_1), tables, null);
        }
        EmbeddedDynamo embedded = EmbeddedDynamo.start(dynamoData());
        TableSetup.createIfMissing(embedded.client(), tables);
        return new Dynamo(embedded.client(), tables, embedded);
    }

    /** What a running local runtime publishes about itself. */
    record RuntimeInfo(long pid, String task, String sqsEndpoint, String dynamoEndpoint, String precheckUrl,
                       Map<String, String> queueUrls) {}

    /** A DynamoDB client plus the embedded server to stop with it, if any. */
    record Dynamo(DynamoDbClient client, StoreTables tables, EmbeddedDynamo embedded) implements AutoCloseable {
        @Override
        public void close() {
            if (embedded != null) {
                embedded.close();
            } else {
                client.close();
            }
        }
    }
}
