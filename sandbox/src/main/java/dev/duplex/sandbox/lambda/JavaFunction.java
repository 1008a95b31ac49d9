package dev.duplex.sandbox.lambda;

import dev.duplex.sandbox.lambda.Invocation.Outcome;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deployment zip run the way the {@code java21} managed runtime runs it: unzipped into a task
 * directory ({@code /var/task}), then {@code java -classpath <runtime jars>
 * com.amazonaws.services.lambda.runtime.api.client.AWSLambda <handler>} with Lambda's JVM flags and
 * environment. As on AWS, only the runtime interface client and its libraries are on the class
 * path; the client loads the task directory and {@code lib/*.jar} itself. A time-out or a process
 * that exits ends the execution environment; the next invoke starts a new one (a cold start).
 */
public final class JavaFunction implements LambdaFunction, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JavaFunction.class);
  private static final String MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

  private final FunctionConfig config;
  private final Path taskRoot;
  private final Path log;
  private final List<Path> runtimeJars;
  private final RuntimeApi api;
  private Process process;
  private int starts;
  private volatile boolean stopping;
  /** The next invoke is the first of a new runtime process: Lambda reports its init duration then. */
  private boolean coldStart;

  private JavaFunction(FunctionConfig config, Path workDir, List<Path> runtimeJars) {
    this.config = config;
    this.taskRoot = workDir.resolve("task");
    this.log = workDir.resolve("function.log");
    this.runtimeJars = List.copyOf(runtimeJars);
    this.api = RuntimeApi.start(config.arn());
  }

  /** Deploys the zip into {@code workDir} and starts its runtime, with {@link RuntimeJars#fromBuild()}. */
  public static JavaFunction start(FunctionConfig config, Path workDir) {
    return start(config, workDir, RuntimeJars.fromBuild());
  }

  public static JavaFunction start(FunctionConfig config, Path workDir, List<Path> runtimeJars) {
    JavaFunction f = new JavaFunction(config, workDir, runtimeJars);
    try {
      Deployment.unzip(config.zip(), f.taskRoot);
      f.startRuntime();
      return f;
    } catch (RuntimeException e) {
      f.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public int memoryMb() {
    return config.memoryMb();
  }

  public FunctionConfig config() {
    return config;
  }

  /** The runtime's stdout and stderr, across restarts: what CloudWatch Logs would hold. */
  public Path log() {
    return log;
  }

  /** How many runtime processes were started: 1 + the restarts after time-outs and exits. */
  public synchronized int starts() {
    return starts;
  }

  public RuntimeApi runtimeApi() {
    return api;
  }

  @Override
  public synchronized Invocation invoke(String eventJson) {
    if (process == null || !process.isAlive()) {
      startRuntime();
    }
    Invocation result = api.invoke(eventJson, config.timeout());
    String init = coldStart ? api.initDuration().map(d -> " Init Duration: " + d.toMillis() + " ms").orElse("") : "";
    coldStart = false;
    LOG.info("{} REPORT RequestId: {} Duration: {} ms Billed Duration: {} ms Memory Size: {} MB{} -> {}",
        config.name(), result.requestId(), result.duration().toNanos() / 1e6, result.billedMillis(),
        config.memoryMb(), init, result.outcome());
    if (result.outcome() == Outcome.TIMEOUT || result.errorType().startsWith("Runtime.")) {
      // Lambda does not reuse an environment whose invoke timed out or whose runtime failed.
      stopRuntime();
    }
    return result;
  }

  private void startRuntime() {
    stopRuntime();
    List<String> command = command();
    ProcessBuilder pb = new ProcessBuilder(command).directory(taskRoot.toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().clear();
    pb.environment().putAll(LambdaEnvironment.of(config, taskRoot, runtimeJars, api.address()));
    api.runtimeStarting();
    stopping = false;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the runtime of " + config.name() + ": " + e.getMessage(), e);
    }
    starts++;
    coldStart = true;
    Process started = process;
    started.onExit().thenRun(() -> {
      if (!stopping) {
        api.failAll("Runtime.ExitError", "Runtime exited with error: exit status " + started.exitValue()
            + " (see " + log + ")");
      }
    });
    LOG.info("started {} (pid {}, start {}): {}", config.name(), started.pid(), starts, String.join(" ", command));
  }

  /** Lambda's java21 command line (MaxHeapSize is 85% of the memory size there too). */
  private List<String> command() {
    long heapKb = config.memoryMb() * 1024L * 85 / 100;
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:MaxHeapSize=" + heapKb + "k", "-XX:+UseSerialGC", "-XX:+TieredCompilation",
        "-XX:TieredStopAtLevel=1", "--add-opens=java.base/java.io=ALL-UNNAMED",
        "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac", "-XX:+ErrorFileToStderr",
        "-Djava.net.preferIPv4Stack=true", "-classpath",
        String.join(File.pathSeparator, runtimeJars.stream().map(Path::toString).toList()), MAIN,
        config.handler()));
    return cmd;
  }

  private void stopRuntime() {
    Process p = process;
    if (p == null) {
      return;
    }
    stopping = true;
    p.destroyForcibly();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        LOG.warn("runtime process {} of {} did not end within 10 s of SIGKILL", p.pid(), config.name());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  @Override
  public synchronized void close() {
    stopRuntime();
    api.close();
  }

  /** The jars of the java21 runtime, as a build copied them (see {@link #fromBuild()}). */
  public static final class RuntimeJars {
    /** System property naming the directory; the poms set it (default {@code target/lambda-runtime}). */
    public static final String PROPERTY = "duplex.lambda.runtime.dir";

    private RuntimeJars() {}

    /** Every jar in the directory that {@value #PROPERTY} names. */
    public static List<Path> fromBuild() {
      Path dir = Path.of(System.getProperty(PROPERTY, "target/lambda-runtime"));
      List<Path> jars;
      try (Stream<Path> files = Files.list(dir)) {
        jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
      } catch (IOException e) {
        jars = List.of();
      }
      if (jars.stream().noneMatch(j -> j.getFileName().toString().contains("runtime-interface-client"))) {
        throw new IllegalStateException("no Lambda runtime interface client in " + dir.toAbsolutePath()
            + ": the module's pom must declare maven-dependency-plugin (the parent's 'lambda-runtime' execution"
            + " copies the jars there) and set -D" + PROPERTY);
      }
      return jars;
    }
  }

  @Override
  public String toString() {
    return "JavaFunction[" + config.name() + ", " + config.handler() + "]";
  }
}
