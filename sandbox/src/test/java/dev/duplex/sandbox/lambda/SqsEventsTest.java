package dev.duplex.sandbox.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duplex.sandbox.lambda.Invocation.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class SqsEventsTest {
  private static final List<Message> BATCH = List.of(message("m1"), message("m2"));

  @Test
  void shouldBuildTheRecordsLambdaSends() {
    JsonNode r = Json.parse(SqsEvents.event(BATCH, "arn:aws:sqs:eu-west-1:123456789012:q.fifo")).orElseThrow()
        .get("Records").get(0);
    assertEquals("m1", r.get("messageId").asText());
    assertEquals("rh-m1", r.get("receiptHandle").asText());
    assertEquals("body m1", r.get("body").asText());
    assertEquals("2", r.get("attributes").get("ApproximateReceiveCount").asText());
    assertEquals("a2b", r.get("attributes").get("MessageGroupId").asText());
    assertEquals("aws:sqs", r.get("eventSource").asText());
    assertEquals("arn:aws:sqs:eu-west-1:123456789012:q.fifo", r.get("eventSourceARN").asText());
    assertEquals("eu-west-1", r.get("awsRegion").asText());
    assertEquals("md5", r.get("md5OfBody").asText());
    assertEquals(0, r.get("messageAttributes").size());
  }

  @Test
  void shouldReadThePartialBatchResponseAsLambdaDoes() {
    assertEquals(Set.of(), failed("{\"batchItemFailures\":[]}"));
    assertEquals(Set.of(), failed("{}"));
    assertEquals(Set.of(), failed(""));
    assertEquals(Set.of(), failed("null"));
    assertEquals(Set.of("m2"), failed("{\"batchItemFailures\":[{\"itemIdentifier\":\"m2\"}]}"));
    assertEquals(Set.of("m1", "m2"), failed("{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}"), "empty id");
    assertEquals(Set.of("m1", "m2"), failed("{\"batchItemFailures\":[{\"itemIdentifier\":\"x\"}]}"), "unknown id");
    assertEquals(Set.of("m1", "m2"), failed("not json"), "invalid JSON fails the whole batch");
    assertEquals(Set.of("m1", "m2"), SqsEvents.failedIds(new Invocation("r", Outcome.TIMEOUT, "{}",
        Duration.ofSeconds(1)), BATCH), "a time-out fails the whole batch");
  }

  private static Set<String> failed(String response) {
    return SqsEvents.failedIds(new Invocation("r", Outcome.SUCCESS, response, Duration.ofMillis(3)), BATCH);
  }

  private static Message message(String id) {
    return Message.builder().messageId(id).receiptHandle("rh-" + id).body("body " + id).md5OfBody("md5")
        .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2",
            MessageSystemAttributeName.MESSAGE_GROUP_ID, "a2b"))
        .build();
  }
}
