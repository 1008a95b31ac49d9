package dev.duplex.cli.bench;

import java.util.Arrays;
import java.util.OptionalDouble;

/** Latency samples in microseconds; percentiles by nearest rank. Thread-safe. */
public final class LatencySamples {
    private long[] micros = new long[1024];
    private int size;

    public synchronized void add(long sampleMicros) {
        if (size == micros.length) {
            micros = Arrays.copyOf(micros, size * 2);
        }
        micros[size++] = Math.max(0, sampleMicros);
    }

    public synchronized int count() {
        return size;
    }

    /** The p-th percentile (0 < p ≤ 100) in milliseconds; empty without samples. */
    public synchronized OptionalDouble percentileMillis(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        if (size == 0) {
            return OptionalDouble.empty();
        }
        long[] sorted = Arrays.copyOf(micros, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return OptionalDouble.of(sorted[Math.max(0, rank - 1)] / 1000.0);
    }

    public OptionalDouble maxMillis() {
        return percentileMillis(100);
    }
}
