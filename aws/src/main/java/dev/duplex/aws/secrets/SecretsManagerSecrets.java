package dev.duplex.aws.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.core.config.SecretRef;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.SecretValue;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.RetriableException;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Reads secrets from AWS Secrets Manager in the region named by each ARN, with the default
 * credentials chain. A client is built per call: {@link DefaultSecretResolver} caches the answers,
 * so this runs about once a minute per secret, not per connection. Throttling and AWS's own
 * errors (5xx) are retriable, like an unreachable endpoint; a refusal (permissions, no such
 * secret) is not.
 */
public final class SecretsManagerSecrets implements SecretResolver {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Builds the client for a region; the resolver closes it after the call. */
    private final Function<String, SecretsManagerClient> clients;

    /** AWS's endpoint of the ARN's region with the default credentials chain. */
    public SecretsManagerSecrets() {
        this(region -> SecretsManagerClient.builder()
                .region(Region.of(region))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build());
    }

    /** Another endpoint (an emulator in tests, a VPC endpoint): {@code clients} builds one per call. */
    public SecretsManagerSecrets(Function<String, SecretsManagerClient> clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public SecretValue resolve(SecretRef ref) {
        if (!(ref instanceof SecretRef.SecretsManager sm)) {
            throw new IllegalArgumentException("only secretsmanager: references are resolved here, got "
                    + ref.reference());
        }
        try (SecretsManagerClient client = clients.apply(sm.region())) {
            GetSecretValueResponse response = client.getSecretValue(b -> b.secretId(sm.arn()));
            return select(sm, response.secretString());
        } catch (ResourceNotFoundException e) {
            throw new FatalException("secret " + sm.arn() + " does not exist in AWS Secrets Manager");
        } catch (SecretsManagerException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new RetriableException("AWS Secrets Manager cannot return " + sm.arn() + " now: "
                        + (e.awsErrorDetails() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode()),
                        e);
            }
            throw new FatalException("AWS Secrets Manager refused to return " + sm.arn() + ": "
                    + (e.awsErrorDetails() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode())
                    + " (check the IAM permission secretsmanager:GetSecretValue)");
        } catch (SdkClientException e) {
            throw new RetriableException("AWS Secrets Manager is unreachable for " + sm.arn()
                    + " (region " + sm.region() + "): " + e.getMessage(), e);
        }
    }

    private static SecretValue select(SecretRef.SecretsManager sm, String secret) {
        if (secret == null) {
            throw new FatalException("secret " + sm.arn() + " holds binary data; store the password as a string");
        }
        if (sm.key().isEmpty()) {
            return new SecretValue(secret);
        }
        try {
            JsonNode field = JSON.readTree(secret).path(sm.key().get());
            if (!field.isTextual()) {
                throw new FatalException("secret " + sm.arn() + " has no string field '" + sm.key().get() + "'");
            }
            return new SecretValue(field.asText());
        } catch (IOException e) {
            // The parser's message could quote the secret, so it is not passed on.
            throw new FatalException("secret " + sm.arn() + " is not a JSON object, so #" + sm.key().get()
                    + " cannot select a field from it");
        }
    }
}
