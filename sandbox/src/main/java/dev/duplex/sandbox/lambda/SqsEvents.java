package dev.duplex.sandbox.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duplex.sandbox.lambda.Invocation.Outcome;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The SQS event Lambda hands a function, and how Lambda reads the function's partial batch
 * response (both as documented under "Using Lambda with Amazon SQS").
 */
final class SqsEvents {
  /** The system attributes Lambda copies into a record, in the order its FIFO examples show. */
  private static final List<String> ATTRIBUTES = List.of("ApproximateReceiveCount", "SentTimestamp", "SenderId",
      "ApproximateFirstReceiveTimestamp", "SequenceNumber", "MessageGroupId", "MessageDeduplicationId",
      "AWSTraceHeader", "DeadLetterQueueSourceArn");

  private SqsEvents() {}

  /** {@code {"Records":[{messageId, receiptHandle, body, attributes, messageAttributes, md5OfBody, ...}]}}. */
  static String event(List<Message> messages, String eventSourceArn) {
    String region = eventSourceArn.split(":")[3];
    ObjectNode event = Json.object();
    ArrayNode records = event.putArray("Records");
    for (Message m : messages) {
      ObjectNode r = records.addObject();
      r.put("messageId", m.messageId());
      r.put("receiptHandle", m.receiptHandle());
      r.put("body", m.body());
      ObjectNode attributes = r.putObject("attributes");
      Map<String, String> given = m.attributesAsStrings();
      for (String name : ATTRIBUTES) {
        if (given.containsKey(name)) {
          attributes.put(name, given.get(name));
        }
      }
      messageAttributes(r.putObject("messageAttributes"), m.messageAttributes());
      r.put("md5OfBody", m.md5OfBody());
      if (m.md5OfMessageAttributes() != null) {
        r.put("md5OfMessageAttributes", m.md5OfMessageAttributes());
      }
      r.put("eventSource", "aws:sqs");
      r.put("eventSourceARN", eventSourceArn);
      r.put("awsRegion", region);
    }
    return Json.write(event);
  }

  private static void messageAttributes(ObjectNode out, Map<String, MessageAttributeValue> attributes) {
    attributes.forEach((name, v) -> {
      ObjectNode a = out.putObject(name);
      if (v.stringValue() != null) {
        a.put("stringValue", v.stringValue());
      }
      if (v.binaryValue() != null) {
        a.put("binaryValue", base64(v.binaryValue()));
      }
      ArrayNode strings = a.putArray("stringListValues");
      v.stringListValues().forEach(strings::add);
      ArrayNode binaries = a.putArray("binaryListValues");
      v.binaryListValues().forEach(b -> binaries.add(base64(b)));
      a.put("dataType", v.dataType());
    });
  }

  private static String base64(SdkBytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.asByteArray());
  }

  /**
   * The message ids Lambda leaves in the queue after this invoke. Everything, when the invoke
   * failed or timed out, or when the response is not valid JSON or names an item that is empty or
   * not in the batch; nothing for an empty or null response or failure list; else the listed ids.
   */
  static Set<String> failedIds(Invocation invocation, List<Message> batch) {
    Set<String> all = new HashSet<>(batch.stream().map(Message::messageId).toList());
    if (invocation.outcome() != Outcome.SUCCESS) {
      return all;
    }
    String body = invocation.body().strip();
    if (body.isEmpty() || body.equals("null")) {
      return Set.of();
    }
    JsonNode response = Json.parse(body).orElse(null);
    if (response == null) {
      return all;
    }
    JsonNode failures = response.path("batchItemFailures");
    if (!failures.isArray()) {
      return Set.of();
    }
    Set<String> failed = new HashSet<>();
    for (JsonNode f : failures) {
      String id = f.path("itemIdentifier").asText("");
      if (id.isEmpty() || !all.contains(id)) {
        return all;
      }
      failed.add(id);
    }
    return failed;
  }
}
