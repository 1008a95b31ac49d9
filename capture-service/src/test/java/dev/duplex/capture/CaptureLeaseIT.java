package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.store.Lease;
import dev.duplex.sandbox.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two captures for the same task and node: only the lease holder publishes; when it dies the
 * standby takes over within the lease's lifetime and continues from the checkpoint, losing nothing.
 */
class CaptureLeaseIT {
    private static final int TRANSACTIONS = 2_000;
    private static final int LEASE_TTL_SECONDS = 5;

    @Test
    void shouldLetOnlyTheHolderPublishAndTheStandbyTakeOverWhenItDies() throws Exception {
        Path dir = Path.of("target", "lease-it");
        String[] lease = {"--lease-ttl-seconds", Integer.toString(LEASE_TTL_SECONDS), "--lease-renew-seconds", "1",
                "--lease-poll-seconds", "1"};
        try (CaptureHarness h = new CaptureHarness(TestServers.a())) {
            h.sql("CREATE DATABASE lease", SourceWriter.table("lease"));
            CaptureHarness.Task task = h.task("lease", "- database: lease", "sync: {types: [incremental]}");
            QueueDrain q = h.drain(task);
            try (CaptureProcess holder = CaptureProcess.start(h, task, "holder", dir, lease)) {
                holder.awaitState("STREAMING", Duration.ofSeconds(60));
                try (CaptureProcess standby = CaptureProcess.start(h, task, "standby", dir, lease)) {
                    standby.awaitState("STANDBY", Duration.ofSeconds(60));
                    holderDiesStandbyTakesOver(h, task, q, holder, standby);
                }
            }
        }
    }

    private static void holderDiesStandbyTakesOver(CaptureHarness h, CaptureHarness.Task task, QueueDrain q,
                                                   CaptureProcess holder, CaptureProcess standby) throws Exception {
        SourceWriter writer = new SourceWriter(h, "lease", TRANSACTIONS, 200).start();
        // The health endpoint tells the state alone (#16): while the holder holds the lease, the
        // rows arrive and the standby stays STANDBY, which reads and publishes nothing.
        q.until(d -> d.rowCount() >= 200, Duration.ofSeconds(60), "the holder's first transactions");
        assertEquals("STREAMING", holder.state(), "the holder publishes");
        assertEquals("STANDBY", standby.state(), "the standby waits");
        assertEquals("holder", h.leases().current(task.name(), "a").map(Lease::owner).orElse(""));

        long killedAt = System.nanoTime();
        holder.kill();
        standby.awaitState("STREAMING", Duration.ofSeconds(30));
        double takeover = (System.nanoTime() - killedAt) / 1e9;
        assertTrue(takeover <= LEASE_TTL_SECONDS + 3, "took over after " + takeover + " s");
        assertEquals("standby", h.leases().current(task.name(), "a").map(Lease::owner).orElse(""));

        writer.await();
        q.until(d -> TransactionChecks.hasTransaction(d, TRANSACTIONS), Duration.ofSeconds(120), "the last transaction");
        q.settle(Duration.ofSeconds(1));
        TransactionChecks.everyTransactionComplete(q.dataBatches());
        TransactionChecks.eachTransactionOnceInOrder(q, TRANSACTIONS);
        System.out.printf("lease IT: standby took over %.1f s after the holder was killed (ttl %d s)%n",
                takeover, LEASE_TTL_SECONDS);
    }
}
