package dev.duplex.sandbox.lambda;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The environment of a java21 execution environment: what Lambda sets (documented under "Defined
 * runtime environment variables") and the function's own variables. Nothing of the calling
 * process leaks in, as nothing of the host does on Lambda.
 */
final class LambdaEnvironment {
  private LambdaEnvironment() {}

  static Map<String, String> of(FunctionConfig config, Path taskRoot, List<Path> runtimeJars, String runtimeApi) {
    Map<String, String> env = new LinkedHashMap<>(config.environment());
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("LANG", "en_US.UTF-8");
    env.put("TZ", ":UTC");
    env.put("_HANDLER", config.handler());
    env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
    env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
    env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
    env.put("LAMBDA_RUNTIME_DIR", runtimeJars.isEmpty() ? "" : runtimeJars.get(0).getParent().toString());
    env.put("AWS_LAMBDA_FUNCTION_NAME", config.name());
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(config.memoryMb()));
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + config.name());
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStream());
    env.put("AWS_REGION", config.region());
    env.put("AWS_DEFAULT_REGION", config.region());
    env.put("AWS_ACCESS_KEY_ID", config.credentials().accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", config.credentials().secretAccessKey());
    env.put("AWS_SESSION_TOKEN", config.credentials().sessionToken());
    return env;
  }

  /** {@code 2025/01/31/[$LATEST]<32 hex>}, one per execution environment. */
  private static String logStream() {
    byte[] id = new byte[16];
    ThreadLocalRandom.current().nextBytes(id);
    return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd")) + "/[$LATEST]"
        + HexFormat.of().formatHex(id);
  }
}
