package dev.duplex.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR CPU profile (execution samples every 10 ms) of the bench JVM, summarized per Duplex
 * component and per time window: which libraries and which methods the CPU went to.
 */
final class JfrProfile implements AutoCloseable {
    private final Recording recording = new Recording();
    private final Path file;

    /** A named stretch of the run, e.g. the live run or one drain. */
    record Window(String name, Instant from, Instant to) {}

    JfrProfile(Path file) {
        this.file = file;
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        recording.setName("duplex-bench");
        recording.start();
    }

    Path file() {
        return file;
    }

    /** Stops the recording and writes it to {@link #file()}. */
    void stop() throws IOException {
        recording.stop();
        recording.dump(file);
    }

    /** Per window and component: CPU share by library of the top frame, then the hottest methods. */
    List<String> summarize(List<Window> windows, int topMethods) throws IOException {
        Map<String, Tally> tallies = new TreeMap<>();
        try (RecordingFile in = new RecordingFile(file)) {
            while (in.hasMoreEvents()) {
                RecordedEvent e = in.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                    continue;
                }
                Window w = windowOf(windows, e.getStartTime());
                var thread = e.getThread("sampledThread");
                if (w == null || thread == null || thread.getJavaName() == null) {
                    continue;
                }
                String component = CpuMeter.component(thread.getJavaName());
                tallies.computeIfAbsent(w.name() + " | " + component, k -> new Tally()).add(e.getStackTrace().getFrames());
            }
        }
        List<String> out = new ArrayList<>();
        for (Window w : windows) {
            tallies.forEach((key, t) -> {
                if (key.startsWith(w.name() + " | ")) {
                    out.addAll(t.render(key, topMethods));
                }
            });
        }
        return out;
    }

    private static Window windowOf(List<Window> windows, Instant at) {
        for (Window w : windows) {
            if (!at.isBefore(w.from()) && at.isBefore(w.to())) {
                return w;
            }
        }
        return null;
    }

    /** Sample counts of one component in one window. */
    private static final class Tally {
        private final Map<String, Integer> libraries = new HashMap<>();
        private final Map<String, Integer> methods = new HashMap<>();
        private final Map<String, Integer> callers = new HashMap<>();
        private int total;

        void add(List<RecordedFrame> frames) {
            List<StackKeys.Frame> topFirst = new ArrayList<>();
            for (RecordedFrame f : frames) {
                if (f.isJavaFrame()) {
                    topFirst.add(new StackKeys.Frame(f.getMethod().getType().getName(), f.getMethod().getName()));
                }
            }
            if (topFirst.isEmpty()) {
                return;
            }
            total++;
            libraries.merge(StackKeys.library(topFirst.getFirst().className()), 1, Integer::sum);
            methods.merge(topFirst.getFirst().text(), 1, Integer::sum);
            String caller = StackKeys.duplexCaller(topFirst);
            callers.merge(caller.isEmpty() ? "(no Duplex frame)" : caller, 1, Integer::sum);
        }

        List<String> render(String title, int top) {
            List<String> out = new ArrayList<>();
            out.add(String.format("%s: %d CPU samples", title, total));
            section(out, "by library (top frame)", libraries, top);
            section(out, "by nearest Duplex method", callers, top);
            section(out, "hottest methods (self)", methods, top);
            return out;
        }

        private void section(List<String> out, String name, Map<String, Integer> counts, int top) {
            out.add("  " + name + ":");
            counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                    .forEach(e -> out.add(String.format("    %5.1f%%  %s", 100.0 * e.getValue() / total, e.getKey())));
        }
    }

    @Override
    public void close() {
        recording.close();
    }
}
