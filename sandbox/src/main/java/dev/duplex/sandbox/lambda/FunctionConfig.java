package dev.duplex.sandbox.lambda;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A function's configuration as CloudFormation or SAM declares it: name, code (the deployment
 * zip), handler, memory, time-out and its environment variables; plus the account, region and
 * credentials Lambda would give its execution role.
 */
public record FunctionConfig(String name, Path zip, String handler, int memoryMb, Duration timeout,
    Map<String, String> environment, String region, String account, Credentials credentials) {

  /** The execution role's session credentials, handed to the function in its environment. */
  public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    /** What emulators accept. */
    public static final Credentials TESTING = new Credentials("testing", "testing", "testing");
  }

  /** Variables Lambda sets itself and refuses in a function's configuration. */
  static final Set<String> RESERVED = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION",
      "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
      "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
      "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

  public FunctionConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(zip, "zip");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(credentials, "credentials");
    if (memoryMb < 128 || memoryMb > 10_240) {
      throw new IllegalArgumentException("MemorySize must be 128..10240 MB, got " + memoryMb);
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(15)) > 0) {
      throw new IllegalArgumentException("Timeout must be 1 s..15 min, got " + timeout);
    }
    environment = Map.copyOf(environment);
    for (String key : environment.keySet()) {
      if (RESERVED.contains(key)) {
        throw new IllegalArgumentException("Lambda was unable to configure your environment variables because "
            + "the environment variables you have provided contains reserved keys: " + key);
      }
    }
  }

  /** Lambda's defaults: 128 MB, 3 s, no variables, us-east-1, test credentials. */
  public static FunctionConfig of(String name, Path zip, String handler) {
    return new FunctionConfig(name, zip, handler, 128, Duration.ofSeconds(3), Map.of(), "us-east-1",
        "123456789012", Credentials.TESTING);
  }

  public FunctionConfig withMemory(int mb) {
    return new FunctionConfig(name, zip, handler, mb, timeout, environment, region, account, credentials);
  }

  public FunctionConfig withTimeout(Duration t) {
    return new FunctionConfig(name, zip, handler, memoryMb, t, environment, region, account, credentials);
  }

  /** Adds (or replaces) environment variables. */
  public FunctionConfig withEnvironment(Map<String, String> more) {
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.putAll(more);
    return new FunctionConfig(name, zip, handler, memoryMb, timeout, env, region, account, credentials);
  }

  public String arn() {
    return "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
  }
}
