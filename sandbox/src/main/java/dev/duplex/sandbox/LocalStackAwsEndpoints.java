package dev.duplex.sandbox;

import java.net.URI;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SQS and DynamoDB in a LocalStack container. Only loaded by name from
 * {@link AwsEndpoints#forTests()}, so Testcontainers stays an optional dependency.
 */
final class LocalStackAwsEndpoints implements AwsEndpoints {
  /** Override with -Dduplex.test.localstack.image=... to try another LocalStack release. */
  static final String IMAGE_PROPERTY = "duplex.test.localstack.image";
  static final String DEFAULT_IMAGE = "localstack/localstack:4.4.0";

  private final LocalStackContainer container;
  private final SqsClient sqs;
  private final DynamoDbClient dynamo;

  private LocalStackAwsEndpoints(LocalStackContainer container) {
    this.container = container;
    this.sqs = EmulatorClients.sqs(sqsEndpoint(), container.getAccessKey(), container.getSecretKey());
    this.dynamo = EmulatorClients.dynamo(dynamoEndpoint(), container.getAccessKey(),
        container.getSecretKey());
  }

  public static LocalStackAwsEndpoints start() {
    DockerImageName image = DockerImageName.parse(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE))
        .asCompatibleSubstituteFor("localstack/localstack");
    @SuppressWarnings("resource") // closed by close()
    LocalStackContainer container = new LocalStackContainer(image).withServices(Service.SQS,
        Service.DYNAMODB);
    container.start();
    return new LocalStackAwsEndpoints(container);
  }

  @Override
  public SqsClient sqs() {
    return sqs;
  }

  @Override
  public DynamoDbClient dynamo() {
    return dynamo;
  }

  @Override
  public URI sqsEndpoint() {
    return container.getEndpointOverride(Service.SQS);
  }

  @Override
  public URI dynamoEndpoint() {
    return container.getEndpointOverride(Service.DYNAMODB);
  }

  @Override
  public void close() {
    sqs.close();
    dynamo.close();
    container.stop();
  }
}
