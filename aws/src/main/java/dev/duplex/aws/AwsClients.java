package dev.duplex.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
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
        return configure(DynamoDbClient.builder(), endpoint, region).build();
    }

    /** Any service's client builder, set up as above: {@code configure(SqsClient.builder(), ...).build()}. */
    public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder,
                                                                                          Optional<URI> endpoint,
                                                                                          Region region) {
        builder.httpClient(UrlConnectionHttpClient.create()).region(region);
        endpoint.ifPresentOrElse(
                uri -> builder.endpointOverride(uri).credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))),
                () -> builder.credentialsProvider(DefaultCredentialsProvider.builder().build()));
        return builder;
    }
}
