package dev.duplex.cli.local;

import dev.duplex.precheck.PrecheckReport;

/** The task was not started because its precheck did not pass; the report says why. */
public final class PrecheckFailedException extends RuntimeException {
    private final transient PrecheckReport report;

    public PrecheckFailedException(PrecheckReport report) {
        super("task '" + report.task() + "' was not started: its precheck did not pass");
        this.report = report;
    }

    public PrecheckReport report() {
        return report;
    }
}
