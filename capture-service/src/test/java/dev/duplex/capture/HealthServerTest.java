package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Issue #16: the health endpoint tells whether the capture lives, to the container alone. */
class HealthServerTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static CaptureStatus status(CaptureStatus.State state, String reason) {
        return new CaptureStatus(state, "shop", "a2b", "mysql-bin.000003:1234", 0.5, 12, 30, 1, 0, reason);
    }

    private static HttpResponse<String> get(int port) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswerTheStateAloneWith200WhileAliveAnd503OnceFailed() throws Exception {
        AtomicReference<CaptureStatus> now = new AtomicReference<>(status(CaptureStatus.State.STREAMING, ""));
        try (HealthServer health = new HealthServer(0, now::get)) {
            health.start();
            HttpResponse<String> alive = get(health.port());
            assertEquals(200, alive.statusCode());
            assertEquals("{\"state\":\"STREAMING\"}", alive.body());

            now.set(status(CaptureStatus.State.FAILED, "capture a2b: Duplicate entry 'sekrit' for key 'uq_email'"));
            HttpResponse<String> failed = get(health.port());
            assertEquals(503, failed.statusCode());
            assertEquals("{\"state\":\"FAILED\"}", failed.body(), "no reason, position, task or counters");
        }
    }

    @Test
    void shouldListenOnTheLoopbackAddressOnly() throws Exception {
        try (HealthServer health = new HealthServer(0, () -> status(CaptureStatus.State.STREAMING, ""))) {
            health.start();
            assertTrue(health.address().isLoopbackAddress(), "listens on " + health.address());
            InetAddress outside = nonLoopbackAddress().orElse(null);
            Assumptions.assumeTrue(outside != null, "this host has no other address to try");
            try (Socket s = new Socket()) {
                assertThrows(ConnectException.class,
                        () -> s.connect(new InetSocketAddress(outside, health.port()), 2000),
                        "reachable on " + outside.getHostAddress());
            }
        }
    }

    @Test
    void shouldTakeTheAddressFromTheOptionOrTheEnvironment() throws IOException {
        assertTrue(CaptureMain.healthAddress(MainOptions.parse(new String[0], k -> null)).isLoopbackAddress());
        InetAddress any = CaptureMain.healthAddress(MainOptions.parse(new String[] {"--health-address", "0.0.0.0"},
                k -> null));
        assertTrue(any.isAnyLocalAddress(), any.toString());
        InetAddress fromEnv = CaptureMain.healthAddress(MainOptions.parse(new String[0],
                Map.of("DUPLEX_HEALTH_ADDRESS", "127.0.0.2")::get));
        assertEquals("127.0.0.2", fromEnv.getHostAddress());
        var bad = assertThrows(IllegalArgumentException.class, () -> CaptureMain.healthAddress(
                MainOptions.parse(new String[] {"--health-address", "no-such-host.invalid"}, k -> null)));
        assertTrue(bad.getMessage().contains("--health-address"), bad.getMessage());
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        return NetworkInterface.networkInterfaces().filter(i -> {
            try {
                return i.isUp() && !i.isLoopback();
            } catch (IOException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).findFirst();
    }
}
