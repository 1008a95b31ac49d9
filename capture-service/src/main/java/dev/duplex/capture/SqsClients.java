package dev.duplex.capture;

import dev.duplex.aws.AwsClients;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SQS clients built like {@code AwsClients.dynamo}: dummy credentials for an emulator endpoint, the role on AWS. */
public final class SqsClients {
    private SqsClients() {}

    public static SqsClient create(Optional<URI> endpoint, Region region) {
        return AwsClients.configure(SqsClient.builder(), endpoint, region).build();
    }
}
