package dev.duplex.sandbox.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One event source mapping as the Lambda API shows it. {@code state} is Lambda's: "Enabled",
 * "Disabled", or in between "Enabling" / "Disabling" until the poller has taken the change.
 */
public record EventSourceMapping(String uuid, String functionArn, String eventSourceArn, int batchSize,
    String state, Instant lastModified) {

  public static final String ENABLED = "Enabled";
  public static final String DISABLED = "Disabled";
  public static final String ENABLING = "Enabling";
  public static final String DISABLING = "Disabling";

  /** The function's name: the ARN's last part. */
  public String functionName() {
    return functionArn.substring(functionArn.lastIndexOf(':') + 1);
  }

  /** Whether this mapping answers to a FunctionName parameter: a name or an ARN, as Lambda takes both. */
  boolean isFor(String functionNameOrArn) {
    return functionNameOrArn.equals(functionArn) || functionNameOrArn.equals(functionName());
  }

  EventSourceMapping withState(String newState) {
    return new EventSourceMapping(uuid, functionArn, eventSourceArn, batchSize, newState, Instant.now());
  }

  EventSourceMapping withBatchSize(int size) {
    return new EventSourceMapping(uuid, functionArn, eventSourceArn, size, state, Instant.now());
  }

  /** The EventSourceMappingConfiguration document (LastModified in epoch seconds, as restJson sends it). */
  ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("UUID", uuid);
    n.put("BatchSize", batchSize);
    n.put("MaximumBatchingWindowInSeconds", 0);
    n.put("EventSourceArn", eventSourceArn);
    n.put("FunctionArn", functionArn);
    n.put("LastModified", lastModified.toEpochMilli() / 1000.0);
    n.put("State", state);
    n.put("StateTransitionReason", "USER_INITIATED");
    n.putArray("FunctionResponseTypes").add("ReportBatchItemFailures");
    n.put("EventSourceMappingArn", functionArn.replace(":function:" + functionName(), ":event-source-mapping:" + uuid));
    return n;
  }
}
