package dev.duplex.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peak of the bench JVM's used heap, sampled every 50 ms. Capture and apply share the JVM
 * with ElasticMQ and DynamoDB Local, so this is an upper bound of what they need together.
 */
final class HeapPeak extends BenchThread {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();

    HeapPeak() {
        super("bench-heap");
    }

    void reset() {
        peak.set(MEMORY.getHeapMemoryUsage().getUsed());
    }

    double peakMiB() {
        return peak.get() / (1024.0 * 1024.0);
    }

    @Override
    void work() throws InterruptedException {
        while (!stopping()) {
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            peak.accumulateAndGet(used, Math::max);
            Thread.sleep(Duration.ofMillis(50));
        }
    }
}
