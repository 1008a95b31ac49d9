package dev.duplex.sandbox.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** The real SDK LambdaClient against the emulated control plane: the calls the product makes. */
class EventSourceMappingsIT {
  private static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:duplex-shop-a2b.fifo";
  private static EventSourceMappings service;
  private static LambdaClient lambda;

  @BeforeAll
  static void start() {
    service = EventSourceMappings.start();
    lambda = LambdaClient.builder().endpointOverride(service.endpoint()).region(Region.US_EAST_1)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
  }

  @AfterAll
  static void stop() {
    if (lambda != null) {
      lambda.close();
    }
    if (service != null) {
      service.close();
    }
  }

  @Test
  void shouldGetDisableListAndEnableAMappingThroughTheSdk() {
    String uuid = service.create("duplex-shop-apply-a2b", QUEUE_ARN, 10, true).uuid();

    var got = lambda.getEventSourceMapping(b -> b.uuid(uuid));
    assertEquals("Enabled", got.state());
    assertEquals(10, got.batchSize());
    assertEquals(QUEUE_ARN, got.eventSourceArn());
    assertEquals("arn:aws:lambda:us-east-1:123456789012:function:duplex-shop-apply-a2b", got.functionArn());
    assertEquals(List.of(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES), got.functionResponseTypes());

    assertEquals("Disabling", lambda.updateEventSourceMapping(b -> b.uuid(uuid).enabled(false)).state(),
        "Lambda answers an update with the transitional state");
    assertEquals("Disabled", lambda.getEventSourceMapping(b -> b.uuid(uuid)).state(),
        "without a poller the change settles at once");

    List<EventSourceMappingConfiguration> byName = lambda.listEventSourceMappings(b -> b
        .functionName("duplex-shop-apply-a2b").eventSourceArn(QUEUE_ARN)).eventSourceMappings();
    assertEquals(List.of(uuid), byName.stream().map(EventSourceMappingConfiguration::uuid).toList());
    assertEquals("Disabled", byName.get(0).state());
    assertEquals(List.of(uuid), lambda.listEventSourceMappings(b -> b
        .functionName("arn:aws:lambda:us-east-1:123456789012:function:duplex-shop-apply-a2b"))
        .eventSourceMappings().stream().map(EventSourceMappingConfiguration::uuid).toList(), "by ARN too");
    assertEquals(0, lambda.listEventSourceMappings(b -> b.functionName("other")).eventSourceMappings().size());

    assertEquals("Enabling", lambda.updateEventSourceMapping(b -> b.uuid(uuid).enabled(true)).state());
    assertEquals("Enabled", lambda.getEventSourceMapping(b -> b.uuid(uuid)).state());
  }

  @Test
  void shouldCreateThroughTheSdkAndRefuseAnUnknownMapping() {
    var created = lambda.createEventSourceMapping(b -> b.functionName("f").eventSourceArn(QUEUE_ARN).batchSize(5)
        .enabled(false));
    assertEquals("Disabled", lambda.getEventSourceMapping(b -> b.uuid(created.uuid())).state());
    assertEquals(5, created.batchSize());
    assertThrows(ResourceNotFoundException.class,
        () -> lambda.getEventSourceMapping(b -> b.uuid("00000000-0000-0000-0000-000000000000")));
  }
}
