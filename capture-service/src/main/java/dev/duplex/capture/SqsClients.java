package dev.duplex.capture;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SQS clients built like {@code AwsClients.dynamo}: dummy credentials for an emulator endpoint, the role on AWS. */
public final class SqsClients {
    private SqsClients() {}

    public static SqsClient create(Optional<URI> endpoint, Region region) {
        var b = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).region(region);
        endpoint.ifPresentOrElse(
                uri -> b.endpointOverride(uri).credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))),
                () -> b.credentialsProvider(DefaultCredentialsProvider.builder().build()));
        return b.build();
    }
}
