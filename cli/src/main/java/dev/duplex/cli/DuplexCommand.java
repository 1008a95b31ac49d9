package dev.duplex.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.ScopeType;

/** Entry point of the {@code duplex} command. Only this main method exits the JVM. */
@Command(name = "duplex", mixinStandardHelpOptions = true, version = "duplex 0.1.0",
        description = "Two-way synchronization for MySQL and MariaDB.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done; the task is running, the check passed, the nodes are identical",
                "1:the command ran and found a problem (invalid config, failed check, differences, a FAILED task)"
                        + " or could not run (a store or server unreachable)",
                "2:usage error (unknown option, missing argument)",
                "130:stopped by Ctrl-C (demo and local still stop cleanly first; the demo still drains and verifies)"},
        subcommands = {DemoCommand.class, LocalCommand.class, StatusCommand.class, ConflictsCommand.class,
                VerifyCommand.class, PrecheckCommand.class, PauseResumeCommand.Pause.class,
                PauseResumeCommand.Resume.class, ValidateCommand.class, TaskCommand.class, BenchCommand.class})
public final class DuplexCommand implements Runnable {

    @Option(names = LogDestination.VERBOSE, scope = ScopeType.INHERIT,
            description = "Log to the terminal; without it the log goes to <state-dir>/logs/<command>.log.")
    boolean verbose;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine cli = commandLine().setExecutionStrategy(parsed -> {
            LogDestination.configure(parsed);
            return new RunLast().execute(parsed);
        });
        System.exit(cli.execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new DuplexCommand())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("duplex: " + e.getMessage());
                    LogDestination.file().ifPresent(f -> cmd.getErr().println("duplex: the log is in " + f));
                    return ExitCodes.FAILURE;
                });
    }
}
