package dev.duplex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the peer tools (sysbench, mydumper, mariadb-dump, ...) as child processes. Output goes to
 * a numbered log file per run, never through a pipe that could fill up; sandbox passwords are
 * masked wherever a command line or its output is shown.
 */
final class Commands {
    private final Path logDir;
    private final AtomicInteger counter = new AtomicInteger();
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    Commands(Path logDir) {
        this.logDir = logDir;
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the bench log directory " + logDir, e);
        }
    }

    void secret(String value) {
        if (value != null && !value.isEmpty()) {
            secrets.add(value);
        }
    }

    String mask(String text) {
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, "***");
        }
        return out;
    }

    /** A started child process and the file its output goes to. */
    final class Running {
        private final String what;
        private final List<String> command;
        private final Process process;
        private final Path log;

        private Running(String what, List<String> command, Process process, Path log) {
            this.what = what;
            this.command = command;
            this.process = process;
            this.log = log;
        }

        Process process() {
            return process;
        }

        /** Waits for the exit and returns the output; a non-zero exit or a time-out is an error. */
        String await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill(process);
                    throw new BenchException(what + " did not finish within " + timeout + "; output in " + log);
                }
            } catch (InterruptedException e) {
                kill(process);
                Thread.currentThread().interrupt();
                throw new BenchException(what + " was interrupted");
            }
            String output = read(log);
            if (process.exitValue() != 0) {
                throw new BenchException(what + " failed (exit " + process.exitValue() + "): "
                        + mask(String.join(" ", command)) + "\n" + tail(mask(output)) + "\n(full output: " + log + ")");
            }
            return output;
        }
    }

    Running start(String what, List<String> command, Map<String, String> env) {
        Path log = logDir.resolve(String.format("%02d-%s.log", counter.incrementAndGet(), what.replaceAll("[^A-Za-z0-9_-]+", "_")));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        try {
            return new Running(what, command, pb.start(), log);
        } catch (IOException e) {
            throw new BenchException("cannot start " + what + " (" + command.getFirst() + "): " + e.getMessage());
        }
    }

    String run(String what, List<String> command, Map<String, String> env, Duration timeout) {
        return start(what, command, env).await(timeout);
    }

    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    static String tail(String output) {
        String[] lines = output.strip().split("\n");
        int from = Math.max(0, lines.length - 15);
        return String.join("\n", Arrays.copyOfRange(lines, from, lines.length));
    }
}
