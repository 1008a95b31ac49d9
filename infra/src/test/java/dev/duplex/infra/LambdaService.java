package dev.duplex.infra;

import dev.duplex.capture.lifecycle.LambdaMappings;
import dev.duplex.core.model.Direction;
import dev.duplex.sandbox.lambda.EventSourceMapping;
import dev.duplex.sandbox.lambda.EventSourceMappings;
import dev.duplex.sandbox.lambda.FunctionConfig;
import dev.duplex.sandbox.lambda.JavaFunction;
import dev.duplex.sandbox.lambda.SqsEventSource;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda as the stack's compute part would have it, for one task: both apply functions (their
 * function.zip under the runtime protocol, with the template's handler, memory, time-out and
 * environment) and their SQS event source mappings, served over Lambda's API for whoever switches
 * them (node a's capture container, the CLI).
 */
final class LambdaService implements AutoCloseable {
    private final EventSourceMappings mappings;
    private final Map<Direction, String> uuids = new EnumMap<>(Direction.class);
    private final Map<Direction, JavaFunction> functions = new EnumMap<>(Direction.class);
    private final Map<Direction, SqsEventSource> sources = new EnumMap<>(Direction.class);

    private LambdaService(EventSourceMappings mappings) {
        this.mappings = mappings;
    }

    /** @param aws the endpoint the functions reach SQS and DynamoDB at (AWS_ENDPOINT_URL) */
    static LambdaService start(Path repo, String task, SamStack stack, SqsClient sqs, URI aws, Path dir) {
        LambdaService service = new LambdaService(EventSourceMappings.start());
        try {
            Map<String, String> refs = Map.of("TaskName", task, "TablePrefix", "duplex-");
            DeployedTemplate template = DeployedTemplate.read(repo.resolve("infra/sam/template.yaml"), refs);
            for (Direction d : Direction.values()) {
                String logical = "Apply" + d.code().toUpperCase() + "Function";
                Map<String, String> env = new LinkedHashMap<>(template.functionEnvironment(logical));
                env.put("AWS_ENDPOINT_URL", aws.toString());
                FunctionConfig config = FunctionConfig.of(LambdaMappings.functionName(task, d),
                                repo.resolve("apply-function/target/function.zip"), template.handler(logical))
                        .withMemory(template.memoryMb(logical))
                        .withTimeout(Duration.ofSeconds(template.timeoutSeconds(logical))).withEnvironment(env);
                JavaFunction function = JavaFunction.start(config, dir.resolve("lambda-" + d.code()));
                service.functions.put(d, function);
                // Created as the template declares them (off: the coordinator switches them on).
                EventSourceMapping m = service.mappings.create(config.name(),
                        stack.output(d.code().toUpperCase() + "QueueArn"), 10, template.enabled(logical + "Queue"));
                service.uuids.put(d, m.uuid());
                service.sources.put(d, SqsEventSource.start(sqs, service.mappings, m.uuid(), function));
            }
            return service;
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    /** What a function or container needs to reach "AWS" here: the endpoint and test credentials. */
    static Map<String, String> awsEnvironment(URI aws) {
        return Map.of("AWS_ENDPOINT_URL", aws.toString(), "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY",
                "testing");
    }

    URI endpoint() {
        return mappings.endpoint();
    }

    String uuid(Direction d) {
        return uuids.get(d);
    }

    String mappingState(Direction d) {
        return mappings.get(uuids.get(d)).orElseThrow().state();
    }

    Map<Direction, Long> receiveRequests() {
        Map<Direction, Long> out = new EnumMap<>(Direction.class);
        sources.forEach((d, s) -> out.put(d, s.receiveRequests()));
        return out;
    }

    long invocations() {
        return sources.values().stream().mapToLong(SqsEventSource::invocations).sum();
    }

    double gbSeconds() {
        return sources.values().stream().mapToDouble(SqsEventSource::gbSeconds).sum();
    }

    @Override
    public void close() {
        sources.values().forEach(SqsEventSource::close);
        functions.values().forEach(JavaFunction::close);
        mappings.close();
    }
}
