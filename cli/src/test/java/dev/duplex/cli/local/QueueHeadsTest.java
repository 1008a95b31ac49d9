package dev.duplex.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.Direction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueHeadsTest {
    private static final Instant NOW = Instant.parse("2026-12-05T09:00:00Z");

    @TempDir
    Path dir;

    @Test
    void shouldPublishTheBatchInHandForOtherProcessesWhileFresh() throws Exception {
        Path file = dir.resolve("queue-heads.json");
        try (QueueHeads heads = new QueueHeads(Clock.fixed(NOW, ZoneOffset.UTC))) {
            heads.received(Direction.A2B, NOW.minusSeconds(3));
            heads.publishTo(file);
            awaitFile(file);

            var read = QueueHeads.readPublished(file, NOW.plusSeconds(1)).orElseThrow();

            assertEquals(NOW.minusSeconds(3).toEpochMilli(), read.get(Direction.A2B).inHandSentMillis());
            assertEquals(3000, read.get(Direction.A2B).lastWaitMillis());
            assertEquals(-1, read.get(Direction.B2A).inHandSentMillis());
            assertTrue(QueueHeads.readPublished(file, NOW.plusSeconds(6)).isEmpty(), "a stale file is not used");
        }
        assertFalse(Files.exists(file), "closing the runtime removes the file");
    }

    @Test
    void shouldForgetTheBatchOnceTheApplyIsDoneWithIt() {
        QueueHeads heads = new QueueHeads(Clock.fixed(NOW, ZoneOffset.UTC));
        heads.received(Direction.B2A, NOW.minusSeconds(2));

        heads.finished(Direction.B2A);

        assertEquals(-1, heads.head(Direction.B2A).inHandSentMillis());
        assertEquals(2000, heads.head(Direction.B2A).lastWaitMillis(), "how long the last one waited stays");
    }

    private static void awaitFile(Path file) throws InterruptedException {
        for (int i = 0; i < 100 && !Files.exists(file); i++) {
            Thread.sleep(50);
        }
    }
}
