package dev.duplex.aws.store;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/** Sort keys that order by time (fixed-width millis) and stay unique across writers (random suffix). */
final class SortableIds {
    private SortableIds() {}

    static String next(String prefix, Instant at) {
        return prefix + String.format("%013d", at.toEpochMilli()) + "#"
                + String.format("%016x", ThreadLocalRandom.current().nextLong());
    }
}
