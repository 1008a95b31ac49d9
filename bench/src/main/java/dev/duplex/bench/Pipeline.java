package dev.duplex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** "producer | consumer" with an environment each (each side has its own server password). */
final class Pipeline {
    private Pipeline() {}

    static void run(Commands commands, String what, List<String> producer, Map<String, String> producerEnv,
                    List<String> consumer, Map<String, String> consumerEnv, Duration timeout) throws IOException {
        Path errors = Files.createTempFile(what, ".log");
        ProcessBuilder p = new ProcessBuilder(producer).redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()));
        p.environment().putAll(producerEnv);
        ProcessBuilder c = new ProcessBuilder(consumer).redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(errors.toFile()));
        c.environment().putAll(consumerEnv);
        List<Process> processes = ProcessBuilder.startPipeline(List.of(p, c));
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Process process : processes) {
                long left = Math.max(1, deadline - System.nanoTime());
                if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    processes.forEach(Commands::kill);
                    throw new BenchException(what + " did not finish within " + timeout);
                }
            }
            for (int i = 0; i < processes.size(); i++) {
                if (processes.get(i).exitValue() != 0) {
                    throw new BenchException(what + ": " + (i == 0 ? producer : consumer).getFirst() + " failed (exit "
                            + processes.get(i).exitValue() + "):\n" + commands.mask(Commands.tail(Files.readString(errors))));
                }
            }
        } catch (InterruptedException e) {
            processes.forEach(Commands::kill);
            Thread.currentThread().interrupt();
            throw new BenchException(what + " was interrupted");
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
