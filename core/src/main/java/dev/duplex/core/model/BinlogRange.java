package dev.duplex.core.model;

import java.util.Objects;

/** The part of the source binlog a batch covers: from its first event to just after its last. */
public record BinlogRange(BinlogPosition from, BinlogPosition to) {
    public BinlogRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.compareTo(from) < 0) {
            throw new IllegalArgumentException("binlog range ends before it starts: " + from + " .. " + to);
        }
    }
}
