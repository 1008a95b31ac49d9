package dev.duplex.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Chromium, headless, as a test's browser: loads a page, runs its JavaScript for a budget
 * of virtual time and gives the resulting DOM. scripts/test.sh installs it (ensure_browser).
 */
final class HeadlessChromium {
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/chromium"),
            Path.of("/usr/bin/chromium-browser"), Path.of("/usr/bin/google-chrome"));

    private final Path binary;
    private final Path profiles;

    HeadlessChromium(Path profiles) {
        this.binary = CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() ->
                new AssertionError("no Chromium found at " + CANDIDATES + ": scripts/test.sh installs it (as root), "
                        + "or install it: sudo apt-get install -y chromium"));
        this.profiles = profiles;
    }

    /** The page's DOM after its scripts ran for {@code budgetMillis} of virtual time. */
    String dumpDom(String url, int budgetMillis) throws IOException, InterruptedException {
        Path out = Files.createTempFile(profiles, "dom", ".html");
        Path log = Files.createTempFile(profiles, "chromium", ".log");
        // A fresh profile per run; without the background-networking flags it keeps calling home.
        Process p = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(profiles, "profile"),
                "--virtual-time-budget=" + budgetMillis, "--dump-dom", url)
                .redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s; its log: " + Files.readString(log));
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || dom.isBlank()) {
            throw new AssertionError("chromium exited " + p.exitValue() + " with no DOM; its log: " + Files.readString(log));
        }
        return dom;
    }
}
