package dev.duplex.core.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds AWS clients the same way everywhere. With an endpoint override (the local runtime's
 * DynamoDB Local or a test emulator) it uses fixed dummy credentials, since emulators accept
 * any; on AWS it uses the default provider chain (the Lambda or ECS role).
 */
public final class AwsClients {
    private AwsClients() {}

    public static DynamoDbClient dynamo(Optional<URI> endpoint, Region region) {
        var b = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).region(region);
        endpoint.ifPresentOrElse(
                uri -> b.endpointOverride(uri).credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))),
                () -> b.credentialsProvider(DefaultCredentialsProvider.builder().build()));
        return b.build();
    }
}
