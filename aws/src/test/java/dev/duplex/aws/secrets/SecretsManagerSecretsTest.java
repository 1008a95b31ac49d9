package dev.duplex.aws.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.duplex.core.config.SecretRef;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.RetriableException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

class SecretsManagerSecretsTest {
    private static final SecretRef.SecretsManager ARN = new SecretRef.SecretsManager(
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:duplex-b-AbCdEf", "password");

    private static SecretsManagerSecrets answering(RuntimeException error, String secret) {
        return new SecretsManagerSecrets(region -> new SecretsManagerClient() {
            @Override
            public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
                if (error != null) {
                    throw error;
                }
                return GetSecretValueResponse.builder().arn(request.secretId()).secretString(secret).build();
            }

            @Override
            public String serviceName() {
                return "secretsmanager";
            }

            @Override
            public void close() {
            }
        });
    }

    private static SecretsManagerException error(int status, String code) {
        return (SecretsManagerException) SecretsManagerException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).message(code).build();
    }

    @Test
    void shouldSelectTheJsonKey() {
        assertEquals("pw", answering(null, "{\"password\":\"pw\"}").resolve(ARN).reveal());
    }

    @Test
    void shouldRetryThrottlingAndServerErrors() {
        assertThrows(RetriableException.class, () -> answering(error(400, "ThrottlingException"), null).resolve(ARN));
        assertThrows(RetriableException.class, () -> answering(error(500, "InternalServiceError"), null).resolve(ARN));
    }

    @Test
    void shouldFailARefusalAtOnce() {
        FatalException e = assertThrows(FatalException.class,
                () -> answering(error(400, "AccessDeniedException"), null).resolve(ARN));
        assertFalse(e.getMessage().contains("pw"));
    }
}
