package dev.duplex.sandbox;

import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.util.Locale;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The SQS and DynamoDB that integration tests talk to. */
public interface AwsEndpoints extends AutoCloseable {
  /** System property choosing the implementation: "embedded" (default) or "localstack". */
  String PROPERTY = "duplex.test.aws";

  SqsClient sqs();

  DynamoDbClient dynamo();

  URI sqsEndpoint();

  URI dynamoEndpoint();

  @Override
  void close();

  /**
   * "embedded" (default): ElasticMQ and in-memory DynamoDB Local in this JVM; "localstack": a
   * LocalStack container through Testcontainers, which needs Docker and the optional
   * Testcontainers dependency (loaded reflectively so nothing else needs it).
   */
  static AwsEndpoints forTests() {
    String kind = System.getProperty(PROPERTY, "embedded").strip().toLowerCase(Locale.ROOT);
    return switch (kind) {
      case "", "embedded" -> EmbeddedAwsEndpoints.start();
      case "localstack" -> localStack();
      default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + kind
          + " is not known: use embedded (the default) or localstack");
    };
  }

  private static AwsEndpoints localStack() {
    try {
      Class<?> type = Class.forName("dev.duplex.sandbox.LocalStackAwsEndpoints");
      return (AwsEndpoints) type.getMethod("start").invoke(null);
    } catch (NoClassDefFoundError | ClassNotFoundException e) {
      throw new IllegalStateException("-D" + PROPERTY + "=localstack needs Testcontainers on the "
          + "classpath: add org.testcontainers:localstack (test scope) to this module", e);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof NoClassDefFoundError) {
        throw new IllegalStateException("-D" + PROPERTY + "=localstack needs Testcontainers on "
            + "the classpath: add org.testcontainers:localstack (test scope) to this module", cause);
      }
      throw cause instanceof RuntimeException runtime ? runtime
          : new IllegalStateException("cannot start LocalStack: " + cause.getMessage(), cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot start LocalStack: " + e.getMessage(), e);
    }
  }
}
