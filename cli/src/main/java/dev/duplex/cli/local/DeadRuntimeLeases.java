package dev.duplex.cli.local;

import dev.duplex.capture.CaptureSettings;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.Lease;
import dev.duplex.core.store.LeaseStore;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture leases a runtime on this state directory held when it was killed (its runtime.json
 * names a process that is gone): ended at once, so the restarted runtime's captures do not wait out
 * their time to live. Only leases of that process on this host
 * ({@link CaptureSettings#ownerPrefix}); the tokens keep growing, so the dead process stays fenced.
 */
public final class DeadRuntimeLeases {
    private static final Logger LOG = LoggerFactory.getLogger(DeadRuntimeLeases.class);

    private DeadRuntimeLeases() {}

    /** Ends the live leases of {@code task} held by process {@code deadPid} of this host; returns how many. */
    public static int expire(LeaseStore leases, String task, long deadPid) {
        return expire(leases, task, deadPid, thisHost(), Instant.now());
    }

    static int expire(LeaseStore leases, String task, long deadPid, String host, Instant now) {
        String owner = CaptureSettings.ownerPrefix(deadPid, host);
        int ended = 0;
        for (Direction d : Direction.values()) {
            Lease held = leases.current(task, d.sourceNode()).orElse(null);
            if (held != null && held.owner().startsWith(owner) && held.expiresAt().isAfter(now)
                    && leases.expire(held)) {
                LOG.info("task {} node {}: the previous runtime on this state directory (process {}) was stopped"
                        + " without giving up its capture lease (token {}); ended it now instead of at {}", task,
                        d.sourceNode(), deadPid, held.token(), held.expiresAt());
                ended++;
            }
        }
        return ended;
    }

    /** This host as a capture's lease owner names it ({@link CaptureSettings#host}). */
    static String thisHost() {
        return CaptureSettings.host();
    }
}
