package dev.duplex.cli.demo;

import java.util.List;
import java.util.Optional;

/**
 * One refresh of the demo's figures, as a table for a terminal and as one line for a log.
 *
 * @param initialLoad the full sync's progress line while the task copies (empty afterwards)
 * @param latency     per direction, "-" before the first applied change
 */
public record LiveFigures(String state, Optional<String> initialLoad, Flow a2b, Flow b2a, long conflicts,
                          long writtenOnA, long writtenOnB) {

    /** One direction's figures. */
    public record Flow(double rowsPerSecond, String latency, long rowsApplied) {}

    /** The in-place table: one column per direction. */
    public List<String> table() {
        String held = initialLoad.isPresent() ? "held" : "";
        return List.of(
                String.format("  task %-12s %s", state, initialLoad.orElse("")),
                String.format("  %-16s %14s %14s", "", "a -> b", "b -> a"),
                String.format("  %-16s %14.0f %14s", "rows/s", a2b.rowsPerSecond,
                        held.isEmpty() ? String.format("%.0f", b2a.rowsPerSecond) : held),
                String.format("  %-16s %14s %14s", "latency", a2b.latency, b2a.latency),
                String.format("  %-16s %,14d %,14d", "rows applied", a2b.rowsApplied, b2a.rowsApplied),
                String.format("  %-16s %14d", "conflicts", conflicts),
                String.format("  %-16s %,14d %,14d", "written (tx)", writtenOnA, writtenOnB));
    }

    /** The one-line form, for output that is not a terminal. */
    public String line() {
        if (initialLoad.isPresent()) {
            return initialLoad.get() + "   |   b->a held until the full sync ends";
        }
        return String.format("a->b %6.0f rows/s  latency %5s   |   b->a %6.0f rows/s  latency %5s   |   conflicts %d   "
                        + "written a %d b %d tx", a2b.rowsPerSecond, a2b.latency, b2a.rowsPerSecond, b2a.latency,
                conflicts, writtenOnA, writtenOnB);
    }
}
