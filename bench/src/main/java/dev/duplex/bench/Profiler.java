package dev.duplex.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Profiles named windows of the run: a JFR CPU profile over the whole part, cut into the windows
 * afterwards, and a wall-clock sample of the Duplex threads within each window. Disabled, it
 * only keeps the window names.
 */
final class Profiler implements AutoCloseable {
    private final JfrProfile jfr;
    private final WallSampler wall;
    private final List<JfrProfile.Window> windows = new ArrayList<>();
    private final Map<String, List<String>> wallSummaries = new LinkedHashMap<>();
    private String open;
    private Instant openedAt;

    private Profiler(JfrProfile jfr, WallSampler wall) {
        this.jfr = jfr;
        this.wall = wall;
    }

    static Profiler start(Path jfrFile) {
        WallSampler wall = new WallSampler();
        wall.start();
        return new Profiler(new JfrProfile(jfrFile), wall);
    }

    static Profiler disabled() {
        return new Profiler(null, null);
    }

    boolean enabled() {
        return jfr != null;
    }

    /** Opens a window of throughput: JFR's CPU profile and the wall-clock sample. */
    synchronized void begin(String window) {
        begin(window, true);
    }

    /**
     * Opens a window of latency: JFR's CPU profile only. The wall-clock sampler's stack dumps stop
     * every thread of the JVM 100 times a second, which the latency probes would measure as Duplex's.
     */
    synchronized void beginLatency(String window) {
        begin(window, false);
    }

    private void begin(String window, boolean sampleWall) {
        open = window;
        openedAt = Instant.now();
        if (wall != null) {
            wall.reset(sampleWall);
        }
    }

    synchronized void end() {
        if (open == null) {
            return;
        }
        windows.add(new JfrProfile.Window(open, openedAt, Instant.now()));
        if (wall != null) {
            wall.pause();
            List<String> summary = wall.summary(8);
            wallSummaries.put(open, summary.isEmpty() ? List.of("(not sampled: a latency window; the sampler's"
                    + " safepoints would stall the threads whose latency it measures)") : summary);
        }
        open = null;
    }

    /** Stops profiling and returns the summary text (empty when disabled). */
    synchronized List<String> finish() throws IOException, InterruptedException {
        end();
        if (jfr == null) {
            return List.of();
        }
        wall.stopAndAwait();
        jfr.stop();
        List<String> out = new ArrayList<>();
        out.add("JFR recording: " + jfr.file());
        out.add("");
        out.add("== wall clock of the Duplex threads (what each thread was doing, sampled every 10 ms) ==");
        wallSummaries.forEach((w, lines) -> {
            out.add("-- " + w);
            out.addAll(lines);
        });
        out.add("");
        out.add("== CPU profile (JFR execution samples) per window and component ==");
        out.addAll(jfr.summarize(windows, 12));
        return out;
    }

    @Override
    public void close() {
        if (wall != null) {
            try {
                wall.stopAndAwait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (BenchException e) {
                // Only the profile is lost; the figures stand.
            }
        }
        if (jfr != null) {
            jfr.close();
        }
    }
}
