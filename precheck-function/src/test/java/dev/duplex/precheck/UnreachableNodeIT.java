package dev.duplex.precheck;

import static dev.duplex.precheck.Sandboxes.assertItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Node a is a closed local port; node b a port that accepts connections and never says a word
 * (the MySQL handshake never comes). Both fail their connectivity item, everything that needs
 * them is reported as not checked, and the report is complete within the connect time-out.
 */
class UnreachableNodeIT {

    private static final String PASSWORD = "Never-Shown-Pw-4711";

    @Test
    void shouldFailBothNodesWithinTheConnectTimeoutAndCheckNothingElse() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            String yaml = "task: unreachable\nnodes:\n"
                    + "  a: {host: 127.0.0.1, port: " + closedPort + ", user: duplex, password: env:PW_A}\n"
                    + "  b: {host: 127.0.0.1, port: " + silent.getLocalPort() + ", user: duplex, password: env:PW_B}\n"
                    + "objects: [shop]\n";
            Precheck precheck = new Precheck(Sandboxes.secrets(Map.of("PW_A", PASSWORD, "PW_B", PASSWORD)));
            // The requirement under test: an unreachable host fails within the 10 s connect time-out.
            PrecheckReport report = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> precheck.check(Sandboxes.config(yaml), List.of()));

            CheckItem a = assertItem(report, "connectivity.a", Status.FAIL);
            assertTrue(a.fix().startsWith("check that the server runs and listens on 127.0.0.1:" + closedPort), a.fix());
            CheckItem b = assertItem(report, "connectivity.b", Status.FAIL);
            assertTrue(b.found().contains("127.0.0.1:" + silent.getLocalPort()), b.found());
            // table-limit needs no server when nothing is renamed; everything else does.
            for (CheckItem item : report.items().stream().filter(i -> !i.id().equals("table-limit")).toList()) {
                assertEquals(Status.FAIL, item.status(), item::toString);
                assertFalse(item.ignorable(), item::toString);
            }
            assertTrue(assertItem(report, "binlog-format.a", Status.FAIL).found().startsWith("not checked: node a is"
                    + " unreachable"));
            assertTrue(assertItem(report, "server-id", Status.FAIL).found().startsWith("not checked"));
            assertFalse(new ObjectMapper().writeValueAsString(report).contains(PASSWORD));
        }
    }

    @Test
    void shouldFailWithTheSecretReferenceWhenTheSecretIsMissing() throws IOException {
        String yaml = "task: nosecret\nnodes:\n"
                + "  a: {host: 127.0.0.1, port: 1, user: duplex, password: env:NOT_SET_ANYWHERE}\n"
                + "  b: {host: 127.0.0.1, port: 2, user: duplex, password: env:PW_B}\n"
                + "objects: [shop]\n";
        PrecheckReport report = new Precheck(Sandboxes.secrets(Map.of("PW_B", PASSWORD)))
                .check(Sandboxes.config(yaml), List.of());
        CheckItem a = assertItem(report, "connectivity.a", Status.FAIL);
        assertTrue(a.found().contains("environment variable NOT_SET_ANYWHERE is not set"), a.found());
        assertTrue(a.fix().startsWith("make the secret env:NOT_SET_ANYWHERE available"), a.fix());
    }
}
