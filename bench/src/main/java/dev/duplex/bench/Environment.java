package dev.duplex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Where and with what the bench ran, for the report. */
final class Environment {
    private Environment() {}

    static void describe(BenchReport r, BenchOptions o, Commands commands) {
        r.environment("command", "`" + o.commandLine() + "`");
        r.environment("started", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        r.environment("machine", Runtime.getRuntime().availableProcessors() + " CPUs, " + memory() + " memory");
        r.environment("load average at the start (1/5/15 min)", loadAverage());
        r.environment("Java", System.getProperty("java.vm.name") + " " + Runtime.version());
        StringBuilder tools = new StringBuilder();
        for (String tool : Tools.needed(o.parts())) {
            if (!tool.equals("myloader") && !tool.equals("mariadb-binlog")) {
                String v = Tools.version(commands, tool);
                tools.append(tools.isEmpty() ? "" : "; ").append(v.isEmpty() ? tool : v);
            }
        }
        r.environment("tools", tools.toString());
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format("%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Only the report's description suffers.
        }
        return "unknown";
    }
}
