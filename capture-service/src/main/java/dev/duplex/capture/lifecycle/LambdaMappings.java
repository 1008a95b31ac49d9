package dev.duplex.capture.lifecycle;

import dev.duplex.aws.AwsClients;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.model.Direction;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The apply functions' SQS event source mappings on AWS Lambda. The capture container knows their
 * UUIDs from its environment (infra/ passes them, and grants updating exactly those two); the
 * operator's CLI finds them by the functions' names.
 */
public final class LambdaMappings implements ApplyMappings {
    private static final Logger LOG = LoggerFactory.getLogger(LambdaMappings.class);
    private static final Set<String> ON = Set.of("Enabled", "Enabling", "Creating", "Updating");

    private final LambdaClient lambda;
    private final Map<Direction, String> uuids;

    public LambdaMappings(LambdaClient lambda, Map<Direction, String> uuids) {
        this.lambda = lambda;
        this.uuids = new EnumMap<>(uuids);
    }

    /** A Lambda client built as the other AWS clients are: dummy credentials for an emulator endpoint, the role on AWS. */
    public static LambdaClient client(Optional<URI> endpoint, Region region) {
        return AwsClients.configure(LambdaClient.builder(), endpoint, region).build();
    }

    /** The apply function of a direction, as infra/ names it. */
    public static String functionName(String task, Direction d) {
        return "duplex-" + task + "-apply-" + d.code();
    }

    /** Looks the task's two mappings up by function name (needs lambda:ListEventSourceMappings). */
    public static LambdaMappings forTask(LambdaClient lambda, String task) {
        Map<Direction, String> found = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            var page = lambda.listEventSourceMappings(b -> b.functionName(functionName(task, d)));
            if (page.eventSourceMappings().size() != 1) {
                throw new IllegalStateException("function " + functionName(task, d) + " has "
                        + page.eventSourceMappings().size() + " event source mappings, expected its queue's one: "
                        + "is the stack deployed with DeployCompute=true in this region?");
            }
            found.put(d, page.eventSourceMappings().get(0).uuid());
        }
        return new LambdaMappings(lambda, found);
    }

    @Override
    public void switchTo(Direction d, boolean on) {
        String uuid = uuids.get(d);
        if (uuid == null || uuid.isBlank()) {
            return;
        }
        try {
            if (ON.contains(lambda.getEventSourceMapping(b -> b.uuid(uuid)).state()) != on) {
                lambda.updateEventSourceMapping(b -> b.uuid(uuid).enabled(on));
                LOG.info("event source mapping {} of apply {} switched {}", uuid, d.code(), on ? "on" : "off");
            }
        } catch (SdkException e) {
            throw new RetriableException("cannot switch apply " + d.code() + "'s event source mapping " + uuid
                    + (on ? " on" : " off") + ": " + e.getMessage(), null, 0, e);
        }
    }

    @Override
    public Optional<Boolean> isOn(Direction d) {
        String uuid = uuids.get(d);
        if (uuid == null || uuid.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ON.contains(lambda.getEventSourceMapping(b -> b.uuid(uuid)).state()));
        } catch (SdkException e) {
            throw new RetriableException("cannot read apply " + d.code() + "'s event source mapping " + uuid + ": "
                    + e.getMessage(), null, 0, e);
        }
    }

    /**
     * Waits until the direction's mapping has settled in the state asked for: Lambda stops polling
     * only once a mapping is Disabled, so a pause must not store PAUSED before.
     */
    public void awaitSettled(Direction d, boolean on, Duration timeout) {
        String uuid = uuids.get(d);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String state = lambda.getEventSourceMapping(b -> b.uuid(uuid)).state();
            if (state.equals(on ? "Enabled" : "Disabled")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new RetriableException("apply " + d.code() + "'s event source mapping " + uuid + " is still "
                        + state + " after " + timeout.toSeconds() + " s; run the command again", null, 0, null);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetriableException("interrupted while waiting for mapping " + uuid, null, 0, e);
            }
        }
    }
}
