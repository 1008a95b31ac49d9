package dev.duplex.sandbox.lambda;

import java.time.Duration;
import java.util.Objects;

/**
 * What one invoke came to, as Lambda reports it: the function's response, its error document
 * ({@code {"errorMessage","errorType",...}}) or a time-out, with the invoke's duration.
 *
 * @param requestId the {@code Lambda-Runtime-Aws-Request-Id} the runtime saw
 * @param outcome how it ended
 * @param body the response body (SUCCESS), the error document (ERROR, TIMEOUT), never null
 * @param duration from the moment the runtime received the event to its answer (or the deadline)
 */
public record Invocation(String requestId, Outcome outcome, String body, Duration duration) {

  /** How an invoke ended. */
  public enum Outcome {
    /** The runtime posted a response. */
    SUCCESS,
    /** The runtime posted an error (the handler threw), or the runtime failed or exited. */
    ERROR,
    /** No answer by the deadline: Lambda fails the invoke and replaces the execution environment. */
    TIMEOUT
  }

  public Invocation {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(duration, "duration");
  }

  public boolean succeeded() {
    return outcome == Outcome.SUCCESS;
  }

  /** The error document's {@code errorType} ("" for a success or an error without one). */
  public String errorType() {
    if (outcome == Outcome.SUCCESS) {
      return "";
    }
    return Json.parse(body).map(n -> n.path("errorType").asText("")).orElse("");
  }

  /** Lambda bills the duration rounded up to the next millisecond. */
  public long billedMillis() {
    long nanos = duration.toNanos();
    return (nanos + 999_999) / 1_000_000;
  }

  /** An error document in the shape the Runtime API's error route takes. */
  static String errorDocument(String type, String message) {
    return "{\"errorType\":" + Json.quote(type) + ",\"errorMessage\":" + Json.quote(message) + "}";
  }
}
