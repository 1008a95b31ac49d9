package dev.duplex.precheck.http;

import dev.duplex.aws.AwsClients;
import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.aws.store.DynamoTaskStore;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.precheck.Precheck;
import io.quarkus.arc.DefaultBean;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the function's {@link StoredTaskPrecheck} once per instance from its environment:
 * DUPLEX_TASK (the stack's task, the only one served), DUPLEX_TABLE_PREFIX (default "duplex-"),
 * DUPLEX_PRECHECK_SECRETS (the deployment's two node secret ARNs, comma-separated: all a dry run
 * may name), DUPLEX_DYNAMODB_ENDPOINT (optional, DynamoDB Local) and AWS_REGION.
 */
@ApplicationScoped
public class PrecheckRuntime {

    @ConfigProperty(name = "duplex.task")
    Optional<String> task;
    @ConfigProperty(name = "duplex.table-prefix", defaultValue = StoreTables.DEFAULT_PREFIX)
    String tablePrefix;
    @ConfigProperty(name = "duplex.precheck-secrets")
    Optional<String> precheckSecrets;
    @ConfigProperty(name = "duplex.dynamodb-endpoint")
    Optional<URI> dynamoEndpoint;
    @ConfigProperty(name = "aws.region", defaultValue = "us-east-1")
    String region;
    @Inject
    SecretResolver secrets;

    private DynamoDbClient dynamo;
    private StoredTaskPrecheck precheck;

    /** @throws RefusedRequestException 500 when DUPLEX_TASK is not set: the function serves no task then */
    public synchronized StoredTaskPrecheck precheck() {
        if (task.isEmpty() || task.get().isBlank()) {
            throw RefusedRequestException.of(500, "", "the precheck function is not configured: DUPLEX_TASK is not set",
                    "deploy it with infra/sam or infra/terraform, which set DUPLEX_TASK to the stack's task");
        }
        if (precheck == null) {
            dynamo = AwsClients.dynamo(dynamoEndpoint, Region.of(region));
            precheck = new StoredTaskPrecheck(new DynamoTaskStore(dynamo, StoreTables.withPrefix(tablePrefix),
                    Clock.systemUTC()), task, DryRunRule.deployment(precheckSecrets.orElse(null)), new Precheck(secrets));
        }
        return precheck;
    }

    @PreDestroy
    synchronized void close() {
        if (dynamo != null) {
            dynamo.close();
        }
    }

    /** The process's secrets (environment, files, Secrets Manager); a test may supply another resolver bean. */
    @Singleton
    static class Secrets {
        @Produces
        @DefaultBean
        @Singleton
        SecretResolver secrets() {
            return SecretResolvers.defaults();
        }
    }
}
