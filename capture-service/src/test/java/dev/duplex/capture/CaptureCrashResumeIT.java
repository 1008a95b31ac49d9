package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.CaptureCheckpoint;
import dev.duplex.sandbox.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hard-kills the capture (SIGKILL of its JVM) at random points while a stream of 10,000
 * transactions is written and read, restarting it each time: after dedup by seq every
 * transaction is there exactly once, no transaction is ever torn, and every resume point is a
 * transaction boundary the capture itself had published up to.
 */
class CaptureCrashResumeIT {
    private static final int TRANSACTIONS = 10_000;
    /** Six keep the suite near its 30 minutes (ten took about a minute); -Dduplex.crash.kills for more. */
    private static final int KILLS = Integer.getInteger("duplex.crash.kills", 6);

    @Test
    void shouldDeliverEveryTransactionExactlyOnceAfterDedupAcrossHardKills() throws Exception {
        long begin = System.nanoTime();
        long seed = Long.getLong("duplex.seed", System.nanoTime());
        System.out.println("CaptureCrashResumeIT seed " + seed + " (rerun with -Dduplex.seed=" + seed + ")");
        Random random = new Random(seed);
        Path dir = Path.of("target", "crash-it");
        try (CaptureHarness h = new CaptureHarness(TestServers.a())) {
            h.sql("CREATE DATABASE crash", SourceWriter.table("crash"));
            CaptureHarness.Task task = h.task("crash", "- database: crash", "sync: {types: [incremental]}");
            String[] lease = {"--lease-ttl-seconds", "3", "--lease-renew-seconds", "1", "--lease-poll-seconds", "1"};
            List<BinlogPosition> resumedFrom = new ArrayList<>();
            QueueDrain q = h.drain(task);
            CaptureProcess first = CaptureProcess.start(h, task, "run0", dir, lease);
            first.awaitState("STREAMING", Duration.ofSeconds(60));
            BinlogPosition initial = checkpoint(h, task);
            SourceWriter writer = new SourceWriter(h, "crash", TRANSACTIONS, 250).start();
            CaptureProcess current = first;
            for (int kill = 1; kill <= KILLS; kill++) {
                long runFor = 300 + random.nextInt(2200);
                sleepWhileDraining(q, runFor);
                current.kill();
                resumedFrom.add(checkpoint(h, task));
                current = CaptureProcess.start(h, task, "run" + kill, dir, lease);
                current.awaitState("STREAMING", Duration.ofSeconds(60));
            }
            writer.await();
            q.until(d -> TransactionChecks.hasTransaction(d, TRANSACTIONS), Duration.ofSeconds(180),
                    "the last transaction");
            current.kill();
            q.settle(Duration.ofSeconds(2));

            TransactionChecks.everyTransactionComplete(q.dataBatches());
            TransactionChecks.eachTransactionOnceInOrder(q, TRANSACTIONS);
            Set<BinlogPosition> boundaries = new HashSet<>();
            boundaries.add(initial);
            for (Batch b : q.batches()) {
                if (b.fragment().last()) {
                    boundaries.add(b.range().to());
                }
            }
            for (BinlogPosition p : resumedFrom) {
                assertTrue(boundaries.contains(p), "resumed from " + p + ", which is not the end of a published batch (seed " + seed + ")");
            }
            long duplicates = q.dataBatches().stream().mapToLong(b -> b.transactions().size()).sum() - TRANSACTIONS;
            System.out.printf("crash IT: %d kills, %d transactions, %d re-sent, %d batches, %.1f s%n", KILLS,
                    TRANSACTIONS, duplicates, q.batches().size(), (System.nanoTime() - begin) / 1e9);
        }
    }

    private static BinlogPosition checkpoint(CaptureHarness h, CaptureHarness.Task task) {
        return h.checkpoints().load(task.name(), Direction.A2B).map(CaptureCheckpoint::position)
                .orElseThrow(() -> new AssertionError("no checkpoint stored"));
    }

    /** Keeps the queue drained while the capture runs (as the apply side would). */
    private static void sleepWhileDraining(QueueDrain q, long millis) {
        long until = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < until) {
            q.receiveOnce(0);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
