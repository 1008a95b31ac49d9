package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.capture.testing.Configs;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaptureSettingsTest {

    @Test
    void shouldTakeDefaultsFromTheTask() {
        CaptureSettings s = CaptureSettings.builder(Configs.shop(), "b", "https://q").build();
        assertEquals(Direction.B2A, s.direction());
        assertEquals(Duration.ofMinutes(720), s.retryWindow());
        assertEquals(Duration.ofSeconds(1), s.heartbeatInterval());
        assertEquals(Duration.ofSeconds(15), s.leaseTtl());
        assertEquals(900 * 1024, s.maxBatchBytes());
        assertEquals(Duration.ofMillis(20), s.linger());
        assertTrue(s.replicaServerId() >= 1_000_000_000L && s.replicaServerId() < 2_000_000_000L);
        assertEquals(s.replicaServerId(), CaptureSettings.builder(Configs.shop(), "b", "x").build().replicaServerId());
        assertTrue(s.startOverride().isEmpty());
        assertTrue(!s.owner().isBlank());
    }

    @Test
    void shouldListEveryProblemAtOnce() {
        var e = assertThrows(IllegalArgumentException.class, () -> CaptureSettings.builder(Configs.shop(), "c", "")
                .leaseTtl(Duration.ofSeconds(4)).leaseRenewEvery(Duration.ofSeconds(3)).maxBatchBytes(10).build());
        for (String part : new String[] {"node", "queueUrl", "leaseRenewEvery", "maxBatchBytes"}) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }

    @Test
    void shouldBuildSettingsFromTheOptions() {
        Map<String, String> env = Map.of("DUPLEX_LINGER_MS", "5");
        MainOptions o = MainOptions.parse(new String[] {"--node=b", "--max-batch-bytes", "65536", "--start-position",
                "mysql-bin.000003:777"}, env::get);
        CaptureSettings s = CaptureMain.settings(o, Configs.shop(), o.requireNode(), "q");
        assertEquals(Duration.ofMillis(5), s.linger());
        assertEquals(65536, s.maxBatchBytes());
        assertEquals(new BinlogPosition("mysql-bin.000003", 777), s.startOverride().orElseThrow().position());
    }

    @Test
    void shouldRenderHealthAsTheStateAlone() {
        CaptureStatus s = new CaptureStatus(CaptureStatus.State.RECONNECTING, "shop", "a2b", "mysql-bin.000001:4", 0.25,
                3, 7, 1, 0, "say \"hi\"");
        assertEquals("{\"state\":\"RECONNECTING\"}", HealthServer.json(s));
    }
}
