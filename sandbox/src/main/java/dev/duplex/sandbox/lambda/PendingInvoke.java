package dev.duplex.sandbox.lambda;

import dev.duplex.sandbox.lambda.Invocation.Outcome;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One invoke between {@link RuntimeApi#invoke} and the runtime's answer. */
final class PendingInvoke {
  final String requestId = UUID.randomUUID().toString();
  final String traceId = traceId();
  final String event;
  private final Duration timeout;
  private final CountDownLatch dispatched = new CountDownLatch(1);
  private final CompletableFuture<Answer> answer = new CompletableFuture<>();
  private volatile long dispatchedNanos;

  private record Answer(Outcome outcome, String body, long atNanos) {}

  PendingInvoke(String event, Duration timeout) {
    this.event = event;
    this.timeout = timeout;
  }

  /** The runtime took the event now; returns the deadline as epoch milliseconds. */
  long dispatch() {
    dispatchedNanos = System.nanoTime();
    dispatched.countDown();
    return System.currentTimeMillis() + timeout.toMillis();
  }

  void answer(Outcome outcome, String body) {
    answer.complete(new Answer(outcome, body, System.nanoTime()));
  }

  /** Empty once the runtime took the event; else why the invoke failed before it started. */
  Optional<Invocation> awaitDispatch(Duration initTimeout) {
    long deadline = System.nanoTime() + initTimeout.toNanos();
    try {
      while (!dispatched.await(50, TimeUnit.MILLISECONDS)) {
        if (answer.isDone()) {
          Answer a = answer.join();
          return Optional.of(new Invocation(requestId, a.outcome(), a.body(), Duration.ZERO));
        }
        if (System.nanoTime() > deadline) {
          return Optional.of(new Invocation(requestId, Outcome.ERROR, Invocation.errorDocument(
              "Runtime.Unavailable", "the runtime did not ask for the event within " + initTimeout
                  + " (still initializing, or not running)"), Duration.ZERO));
        }
      }
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the runtime", e);
    }
  }

  /** The answer, or a time-out document once the deadline passed without one. */
  Invocation awaitAnswer() {
    long left = dispatchedNanos + timeout.toNanos() - System.nanoTime();
    try {
      Answer a = answer.get(Math.max(0, left), TimeUnit.NANOSECONDS);
      return new Invocation(requestId, a.outcome(), a.body(), Duration.ofNanos(a.atNanos() - dispatchedNanos));
    } catch (TimeoutException e) {
      // Lambda's own words for it; the invoke is billed for the whole time-out.
      String message = String.format(Locale.ROOT, "Task timed out after %.2f seconds", timeout.toMillis() / 1000.0);
      return new Invocation(requestId, Outcome.TIMEOUT, Invocation.errorDocument("Sandbox.Timedout", message),
          timeout);
    } catch (ExecutionException e) {
      throw new IllegalStateException("answer failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the function", e);
    }
  }

  /** An X-Ray trace header as Lambda passes it: Root=1-{epoch hex}-{24 hex};Parent=...;Sampled=0. */
  private static String traceId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    HexFormat hex = HexFormat.of();
    byte[] id = new byte[12];
    byte[] parent = new byte[8];
    r.nextBytes(id);
    r.nextBytes(parent);
    return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + hex.formatHex(id)
        + ";Parent=" + hex.formatHex(parent) + ";Sampled=0";
  }
}
