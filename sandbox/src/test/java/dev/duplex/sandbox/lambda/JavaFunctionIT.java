package dev.duplex.sandbox.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duplex.sandbox.lambda.Invocation.Outcome;
import dev.duplex.sandbox.lambda.fixture.EchoHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A small handler zipped and run by the real runtime interface client against {@link RuntimeApi}. */
class JavaFunctionIT {
  private static JavaFunction function;

  @BeforeAll
  static void deploy() throws Exception {
    Path dir = Files.createDirectories(Path.of("target/java-function-it"));
    FunctionConfig config = FunctionConfig.of("echo", zipOfEchoHandler(dir.resolve("function.zip")),
        EchoHandler.class.getName() + "::handleRequest").withMemory(256).withTimeout(Duration.ofSeconds(2))
        .withEnvironment(Map.of("GREETING", "hello"));
    function = JavaFunction.start(config, dir);
  }

  @AfterAll
  static void stop() {
    if (function != null) {
      function.close();
    }
  }

  @Test
  void shouldHandTheEventWithLambdasContextAndEnvironmentToTheHandler() {
    Invocation first = function.invoke("{\"n\":1}");
    assertEquals(Outcome.SUCCESS, first.outcome(), first.body() + "; log: " + function.log());
    JsonNode r = Json.parse(first.body()).orElseThrow();
    assertEquals(first.requestId(), r.get("requestId").asText(), "the context carries Lambda-Runtime-Aws-Request-Id");
    assertEquals(function.config().arn(), r.get("arn").asText());
    assertEquals(256, r.get("memory").asInt());
    assertEquals("hello", r.get("greeting").asText(), "the function's own variables");
    assertTrue(r.get("remainingMs").asLong() > 0 && r.get("remainingMs").asLong() <= 2000,
        "the deadline header gives the time left: " + r);
    assertTrue(r.get("maxHeap").asLong() <= 256L * 1024 * 1024 * 85 / 100 + 1024 * 1024, "heap from memory: " + r);
    Invocation second = function.invoke("{\"n\":2}");
    assertEquals(Outcome.SUCCESS, second.outcome(), second.body());
    assertTrue(second.body().contains("\"invocations\":"), second.body());
    assertTrue(second.billedMillis() >= 1, "billed at least 1 ms");
  }

  @Test
  void shouldReportAnExceptionOfTheHandlerAsAFunctionError() {
    Invocation failed = function.invoke("{\"fail\":true}");
    assertEquals(Outcome.ERROR, failed.outcome(), failed.body());
    assertEquals("java.lang.IllegalStateException", failed.errorType(), failed.body());
    assertTrue(failed.body().contains("failing as asked"), failed.body());
  }

  @Test
  void shouldFailAnInvokeThatRunsPastTheTimeoutAndStartAFreshRuntime() {
    int startsBefore = function.starts();
    long t0 = System.nanoTime();
    Invocation late = function.invoke("{\"sleep\":true}");
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertEquals(Outcome.TIMEOUT, late.outcome(), late.body());
    assertTrue(late.body().contains("Task timed out after 2.00 seconds"), late.body());
    assertEquals(2000, late.billedMillis(), "a time-out bills the whole time-out");
    assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "the invoke ended at the deadline, took " + took);
    Invocation next = function.invoke("{\"n\":3}");
    assertEquals(Outcome.SUCCESS, next.outcome(), next.body());
    assertEquals(startsBefore + 1, function.starts(), "a new runtime process served the next invoke");
    assertTrue(next.body().contains("\"invocations\":1"), "a cold start: " + next.body());
  }

  @Test
  void shouldFailTheInvokeWhenTheRuntimeExitsAndRecoverOnTheNext() {
    Invocation exited = function.invoke("{\"exit\":true}");
    assertEquals(Outcome.ERROR, exited.outcome(), exited.body());
    assertEquals("Runtime.ExitError", exited.errorType(), exited.body());
    Invocation next = function.invoke("{\"n\":4}");
    assertEquals(Outcome.SUCCESS, next.outcome(), next.body());
  }

  /** The deployment package: the handler's class at the zip's root, as a plain Java function zip has it. */
  private static Path zipOfEchoHandler(Path zip) throws IOException, URISyntaxException {
    String entry = EchoHandler.class.getName().replace('.', '/') + ".class";
    Path classFile = Path.of(EchoHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve(entry);
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry(entry));
      Files.copy(classFile, z);
      z.closeEntry();
    }
    return zip;
  }
}
