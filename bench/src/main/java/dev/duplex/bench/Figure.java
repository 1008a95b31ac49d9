package dev.duplex.bench;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One row of the result table: a measured figure for Duplex and for the peer it is compared
 * with, on the same machine in the same run.
 *
 * @param section  the table section, e.g. "Incremental (CDC) live"
 * @param name     what is measured, e.g. "latency p99"
 * @param unit     e.g. "ms", "rows/s", "s"
 * @param duplex   Duplex's figure; empty when it could not be measured ({@code note} says why)
 * @param peer     the peer's figure; empty when the peer has no such figure
 * @param peerName the tool compared with, e.g. "native replica, 1 thread"; "" when none
 * @param goal     the target this figure should meet, if any
 * @param note     how it was measured or why it is missing; "" when the section says it all
 */
public record Figure(String section, String name, String unit, OptionalDouble duplex, OptionalDouble peer,
                     String peerName, Optional<Goal> goal, String note) {

    public Figure {
        note = note == null ? "" : note;
        peerName = peerName == null ? "" : peerName;
        goal = goal == null ? Optional.empty() : goal;
    }

    public static Figure of(String section, String name, String unit, double duplex, double peer, String peerName) {
        return new Figure(section, name, unit, OptionalDouble.of(duplex), OptionalDouble.of(peer), peerName,
                Optional.empty(), "");
    }

    /** A figure only Duplex has (e.g. the CPU of its capture). */
    public static Figure duplexOnly(String section, String name, String unit, double duplex, String note) {
        return new Figure(section, name, unit, OptionalDouble.of(duplex), OptionalDouble.empty(), "",
                Optional.empty(), note);
    }

    /** A row whose Duplex figure could not be measured; the peer's may still be there. */
    public static Figure unavailable(String section, String name, String unit, OptionalDouble peer, String peerName,
                                     String why) {
        return new Figure(section, name, unit, OptionalDouble.empty(), peer, peerName, Optional.empty(), why);
    }

    public Figure withGoal(Goal g) {
        return new Figure(section, name, unit, duplex, peer, peerName, Optional.of(g), note);
    }

    public Figure withNote(String n) {
        return new Figure(section, name, unit, duplex, peer, peerName, goal, n);
    }

    /** Duplex / peer; empty unless both are there and the peer's is not zero. */
    public OptionalDouble ratio() {
        if (duplex.isEmpty() || peer.isEmpty() || peer.getAsDouble() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(duplex.getAsDouble() / peer.getAsDouble());
    }

    /** Whether the goal is met; empty without a goal or without the figures it needs. */
    public Optional<Boolean> goalMet() {
        return goal.flatMap(g -> g.met(this));
    }

    /** A target a figure is meant to reach (the acceptance targets). */
    public sealed interface Goal {
        Optional<Boolean> met(Figure f);

        String text();

        /** Duplex / peer at least {@code min}, e.g. apply rows/s ≥ native single-threaded replication. */
        record RatioAtLeast(double min) implements Goal {
            @Override
            public Optional<Boolean> met(Figure f) {
                OptionalDouble r = f.ratio();
                return r.isPresent() ? Optional.of(r.getAsDouble() >= min) : Optional.empty();
            }

            @Override
            public String text() {
                return "ratio ≥ " + Numbers.format(min);
            }
        }

        /** Duplex / peer at most {@code max}, e.g. p99 latency within 3x the replica's in the same run. */
        record RatioAtMost(double max) implements Goal {
            @Override
            public Optional<Boolean> met(Figure f) {
                OptionalDouble r = f.ratio();
                return r.isPresent() ? Optional.of(r.getAsDouble() <= max) : Optional.empty();
            }

            @Override
            public String text() {
                return "ratio ≤ " + Numbers.format(max);
            }
        }

        /** Both goals: an absolute bound a busy machine cannot hide behind, and one relative to the peer. */
        record Both(Goal first, Goal second) implements Goal {
            @Override
            public Optional<Boolean> met(Figure f) {
                Optional<Boolean> a = first.met(f);
                Optional<Boolean> b = second.met(f);
                return a.isEmpty() || b.isEmpty() ? Optional.empty() : Optional.of(a.get() && b.get());
            }

            @Override
            public String text() {
                return first.text() + " and " + second.text();
            }
        }

        /** Duplex's figure at least {@code min}, e.g. capture's row changes/s per core. */
        record DuplexAtLeast(double min, String unit) implements Goal {
            @Override
            public Optional<Boolean> met(Figure f) {
                return f.duplex().isPresent() ? Optional.of(f.duplex().getAsDouble() >= min) : Optional.empty();
            }

            @Override
            public String text() {
                return "≥ " + Numbers.format(min) + " " + unit;
            }
        }

        /** Duplex's figure below {@code max}, e.g. p99 latency under 1000 ms. */
        record DuplexBelow(double max, String unit) implements Goal {
            @Override
            public Optional<Boolean> met(Figure f) {
                return f.duplex().isPresent() ? Optional.of(f.duplex().getAsDouble() < max) : Optional.empty();
            }

            @Override
            public String text() {
                return "< " + Numbers.format(max) + " " + unit;
            }
        }
    }
}
