package dev.duplex.bench;

import java.nio.file.Path;
import java.util.function.Consumer;

/** What every part of the bench shares. */
record BenchContext(BenchOptions options, BenchReport report, Commands commands, Sysbench sysbench,
                    Profiler profiler, HeapPeak heap, LocalTask.Factory tasks, Consumer<String> progress) {

    void say(String format, Object... args) {
        progress.accept(String.format(format, args));
    }

    Path dir(String name) {
        return options.workDir().resolve(name);
    }
}
