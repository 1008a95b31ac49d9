package dev.duplex.apply;

import dev.duplex.core.error.FatalException;

/**
 * A message does not continue what its group applied last: a message is missing before it, or it
 * comes from another server or another run of the task. Nothing of it is applied; the direction
 * stops with the reason and the recovery command, because applying would leave a silent hole.
 */
public final class ChainBroken extends FatalException {
    public ChainBroken(String message, String position) {
        super(message, position, 0, null);
    }
}
