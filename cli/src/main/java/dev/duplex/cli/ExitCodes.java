package dev.duplex.cli;

/** Exit codes shared by every subcommand. */
final class ExitCodes {
    static final int OK = 0;
    /** The command ran and found a problem (invalid config, failed check, difference). */
    static final int FAILURE = 1;
    static final int USAGE = 2;

    private ExitCodes() {}
}
