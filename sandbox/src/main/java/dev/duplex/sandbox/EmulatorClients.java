package dev.duplex.sandbox;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients for local endpoints. Credentials are static dummies so no test ever picks up a
 * developer's real AWS profile, and the HTTP client is named explicitly because several
 * implementations are on the classpath (the SDK refuses to guess then).
 */
final class EmulatorClients {
  static final Region REGION = Region.US_EAST_1;

  private EmulatorClients() {}

  static SqsClient sqs(URI endpoint, String accessKey, String secretKey) {
    return SqsClient.builder().region(REGION).endpointOverride(endpoint)
        .credentialsProvider(credentials(accessKey, secretKey))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  static DynamoDbClient dynamo(URI endpoint, String accessKey, String secretKey) {
    return DynamoDbClient.builder().region(REGION).endpointOverride(endpoint)
        .credentialsProvider(credentials(accessKey, secretKey))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  static SqsClient sqs(URI endpoint) {
    return sqs(endpoint, "duplex", "duplex");
  }

  static DynamoDbClient dynamo(URI endpoint) {
    return dynamo(endpoint, "duplex", "duplex");
  }

  private static StaticCredentialsProvider credentials(String accessKey, String secretKey) {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
  }
}
