package dev.duplex.sandbox;

import java.net.URI;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** ElasticMQ plus in-memory DynamoDB Local, both in this JVM. */
final class EmbeddedAwsEndpoints implements AwsEndpoints {
  private final EmbeddedSqs sqs;
  private final EmbeddedDynamo dynamo;

  private EmbeddedAwsEndpoints(EmbeddedSqs sqs, EmbeddedDynamo dynamo) {
    this.sqs = sqs;
    this.dynamo = dynamo;
  }

  static EmbeddedAwsEndpoints start() {
    EmbeddedSqs sqs = EmbeddedSqs.start();
    try {
      return new EmbeddedAwsEndpoints(sqs, EmbeddedDynamo.startInMemory());
    } catch (RuntimeException e) {
      sqs.close();
      throw e;
    }
  }

  @Override
  public SqsClient sqs() {
    return sqs.client();
  }

  @Override
  public DynamoDbClient dynamo() {
    return dynamo.client();
  }

  @Override
  public URI sqsEndpoint() {
    return sqs.endpoint();
  }

  @Override
  public URI dynamoEndpoint() {
    return dynamo.endpoint();
  }

  @Override
  public void close() {
    try {
      dynamo.close();
    } finally {
      sqs.close();
    }
  }
}
