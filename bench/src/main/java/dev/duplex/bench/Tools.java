package dev.duplex.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** The peer tools the bench runs, checked before anything starts. */
final class Tools {
    /** Tool to the Debian package that provides it. */
    private static final Map<String, String> PACKAGES = Map.of(
            "sysbench", "sysbench", "mydumper", "mydumper", "myloader", "mydumper",
            "mariadb-dump", "mariadb-client", "mariadb", "mariadb-client", "mariadb-binlog", "mariadb-client",
            "pt-table-checksum", "percona-toolkit");

    private Tools() {}

    static List<String> needed(Set<BenchOptions.Part> parts) {
        Set<String> tools = new LinkedHashSet<>();
        if (parts.contains(BenchOptions.Part.CDC) || parts.contains(BenchOptions.Part.TWOWAY)) {
            tools.addAll(List.of("sysbench", "mariadb-binlog"));
        }
        if (parts.contains(BenchOptions.Part.SNAPSHOT)) {
            tools.addAll(List.of("sysbench", "mydumper", "myloader", "mariadb-dump", "mariadb"));
        }
        if (parts.contains(BenchOptions.Part.VERIFY)) {
            tools.addAll(List.of("sysbench", "pt-table-checksum"));
        }
        return List.copyOf(tools);
    }

    /** Throws, naming the install command, unless every tool the parts need is on the PATH. */
    static void require(Set<BenchOptions.Part> parts) {
        List<String> missing = missing(needed(parts), name -> onPath(name).isPresent());
        if (!missing.isEmpty()) {
            throw new BenchException(problem(missing));
        }
    }

    static List<String> missing(List<String> tools, Predicate<String> present) {
        return tools.stream().filter(present.negate()).toList();
    }

    static String problem(List<String> missing) {
        Set<String> packages = new LinkedHashSet<>();
        missing.forEach(t -> packages.add(PACKAGES.getOrDefault(t, t)));
        return "the bench needs " + String.join(", ", missing) + ", not found on the PATH; install "
                + (packages.size() == 1 ? "it" : "them") + ": apt-get install -y " + String.join(" ", packages);
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":/usr/sbin:/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The first line of "tool --version", for the report; "" when it cannot be read. */
    static String version(Commands commands, String tool) {
        try {
            String out = commands.run(tool + "-version", List.of(tool, "--version"), Map.of(), Duration.ofSeconds(10));
            return out.strip().lines().findFirst().orElse("");
        } catch (BenchException e) {
            return "";
        }
    }
}
