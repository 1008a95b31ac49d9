package dev.duplex.cli;

import dev.duplex.cli.local.LocalServices;
import dev.duplex.core.model.Direction;
import java.nio.file.Path;
import java.util.Map;

/** Lets a test's in-process runtime be found by other commands, as {@code duplex local} is. */
public final class RuntimeFiles {
    private RuntimeFiles() {}

    public static void publish(Path stateDir, String task, LocalServices services) {
        new StateDir(stateDir).writeRuntime(new StateDir.RuntimeInfo(ProcessHandle.current().pid(), task,
                services.sqs().endpoint().toString(), services.dynamo().endpoint().toString(), "",
                Map.of("a2b", services.queue(Direction.A2B).url(), "b2a", services.queue(Direction.B2A).url())));
    }

    public static void clear(Path stateDir) {
        new StateDir(stateDir).clearRuntime();
    }
}
