package dev.duplex.cli.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code duplex local} in its own JVM, as a user runs it, with its output in a file: the test
 * can SIGKILL it like a crash and start it again on the same state directory.
 */
final class RuntimeProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private RuntimeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static RuntimeProcess start(Path config, Path stateDir, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Under Failsafe the class path may be one manifest-only jar; its Class-Path carries the rest.
        List<String> cmd = List.of(java, "-Xmx768m", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "dev.duplex.cli.DuplexCommand", "local", "--verbose", "-c", config.toString(),
                "--state-dir", stateDir.toString(), "--status-every", "2");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new RuntimeProcess(p, log);
    }

    /** Returns once the runtime published runtime.json (its captures stream), or fails with its output. */
    RuntimeProcess awaitRunning(Path stateDir, Duration timeout) {
        Path runtimeFile = stateDir.resolve("runtime.json");
        Await.until("duplex local to start (runtime.json)", timeout, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("duplex local exited with " + process.exitValue() + ":\n" + output());
            }
            return Files.isRegularFile(runtimeFile) && Files.readString(runtimeFile)
                    .matches("(?s).*\"pid\"\\s*:\\s*" + process.pid() + "\\b.*");
        }, this::output);
        return this;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or released. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, which the command treats as Ctrl-C. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            throw new AssertionError("duplex local did not stop within " + timeout + " of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    /**
     * The last 60 lines of the runtime's log, without the status it prints every two seconds but
     * the latest (which would otherwise crowd out every log line before a time-out).
     */
    String output() {
        try {
            List<String> lines = Files.readAllLines(log);
            int lastStatus = lines.size();
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith("task ")) {
                    lastStatus = i;
                    break;
                }
            }
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                boolean status = lines.get(i).startsWith("task ") || lines.get(i).startsWith("  ");
                if (!status || i >= lastStatus) {
                    kept.add(lines.get(i));
                }
            }
            return String.join("\n", kept.subList(Math.max(0, kept.size() - 60), kept.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
