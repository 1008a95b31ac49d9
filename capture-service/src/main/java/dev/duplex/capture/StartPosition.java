package dev.duplex.capture;

import dev.duplex.core.error.FatalException;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.store.CaptureCheckpoint;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a capture starts: its stored checkpoint; an override instead when there is no checkpoint
 * or the override is earlier (a rewind, e.g. to the position the target last applied); else the
 * source's current position, for a new task. A checkpoint taken on another server, or pointing
 * into a purged binlog file, stops the task: guessing could lose or repeat data.
 *
 * @param position  the transaction boundary to read from
 * @param isNew     no checkpoint existed: the start must be stored before anything is read
 * @param why       for the log
 */
record StartPosition(BinlogPosition position, boolean isNew, String why) {

    static StartPosition resolve(Optional<CaptureCheckpoint> stored, Optional<BinlogPosition> override,
                                 String serverIdentity, Supplier<List<String>> binaryLogs,
                                 Supplier<BinlogPosition> current) {
        if (stored.isPresent()) {
            CaptureCheckpoint cp = stored.get();
            if (!cp.serverIdentity().isEmpty() && !cp.serverIdentity().equals(serverIdentity)) {
                throw new FatalException("the checkpoint was taken on server " + cp.serverIdentity() + " but the node now "
                        + "answers as " + serverIdentity + ": a different server is behind the same address; re-sync "
                        + "needed (run the task's full sync again)", cp.position().toString(), 0, null);
            }
            if (override.isPresent() && override.get().compareTo(cp.position()) < 0) {
                return checked(override.get(), false, "rewound to the given start position (checkpoint was at "
                        + cp.position() + ")", binaryLogs);
            }
            return checked(cp.position(), false, "resuming from the checkpoint", binaryLogs);
        }
        if (override.isPresent()) {
            return checked(override.get(), true, "starting at the given start position", binaryLogs);
        }
        return new StartPosition(current.get(), true, "new task: starting at the source's current position");
    }

    private static StartPosition checked(BinlogPosition p, boolean isNew, String why, Supplier<List<String>> binaryLogs) {
        List<String> files = binaryLogs.get();
        if (!files.contains(p.file())) {
            throw new FatalException("binlog file " + p.file() + " is no longer on the source (it has " + files
                    + "); the changes since " + p + " are lost to capture: re-sync needed (run the task's full sync "
                    + "again) and keep binlogs longer (binlog_expire_logs_seconds)", p.toString(), 0, null);
        }
        return new StartPosition(p, isNew, why);
    }
}
