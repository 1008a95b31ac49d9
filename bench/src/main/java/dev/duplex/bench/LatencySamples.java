package dev.duplex.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    /**
     * The run cut into {@code slices} consecutive stretches of samples (they arrive in probe
     * order, so each stretch is a stretch of time), and the largest latency in ms of each.
     */
    public synchronized List<Long> maxPerSlice(int slices) {
        List<Long> out = new ArrayList<>();
        if (size == 0 || slices < 1) {
            return out;
        }
        int per = Math.max(1, (int) Math.ceil(size / (double) slices));
        for (int from = 0; from < size; from += per) {
            long max = 0;
            for (int i = from; i < Math.min(size, from + per); i++) {
                max = Math.max(max, micros[i]);
            }
            out.add(max / 1000);
        }
        return out;
    }

    public OptionalDouble maxMillis() {
        return percentileMillis(100);
    }
}
