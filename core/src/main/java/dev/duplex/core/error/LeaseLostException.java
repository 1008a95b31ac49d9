package dev.duplex.core.error;

/**
 * This process no longer holds the capture lease for its (task, node): another process took it
 * over or its own lease expired. The holder must stop publishing at once; the task itself has
 * not failed, so callers must not mark it FAILED for this.
 */
public final class LeaseLostException extends FatalException {
    public LeaseLostException(String message) {
        super(message, null, 0, null);
    }
}
