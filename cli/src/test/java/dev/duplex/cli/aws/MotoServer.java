package dev.duplex.cli.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * moto's standalone server ({@code python3 -m moto.server}, or {@code $DUPLEX_PYTHON}) on a free
 * port, as infra's MotoServer starts it; {@link #close()} always ends it. A missing moto fails the
 * test with the install hint: it must never pass by not running.
 */
public final class MotoServer implements AutoCloseable {
    private final Process process;
    private final URI endpoint;
    private final Path log;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    public static MotoServer start(Path log) throws IOException, InterruptedException {
        String python = Optional.ofNullable(System.getenv("DUPLEX_PYTHON")).filter(p -> !p.isBlank()).orElse("python3");
        ProcessBuilder pb = new ProcessBuilder(python, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                Integer.toString(freePort())).redirectErrorStream(true).redirectOutput(log.toFile());
        String port = pb.command().get(pb.command().size() - 1);
        MotoServer moto = new MotoServer(pb.start(), URI.create("http://127.0.0.1:" + port), log);
        try {
            moto.awaitReady();
            return moto;
        } catch (RuntimeException | InterruptedException e) {
            moto.close();
            throw e;
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A local port nothing listens on (for "the endpoint is unreachable"). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ping = HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto's server exited (" + process.exitValue() + "); install it: "
                        + "pip install 'moto[server]==5.2.1' (or set DUPLEX_PYTHON); its output: " + tail());
            }
            try {
                if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("moto's server did not answer on " + endpoint + ": " + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
