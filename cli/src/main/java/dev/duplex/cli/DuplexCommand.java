package dev.duplex.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code duplex} command. Only this main method exits the JVM. */
@Command(name = "duplex", mixinStandardHelpOptions = true, version = "duplex 0.1.0",
        description = "Two-way synchronization for MySQL and MariaDB.",
        subcommands = {DemoCommand.class, LocalCommand.class, StatusCommand.class, ConflictsCommand.class,
                VerifyCommand.class, PrecheckCommand.class, PauseResumeCommand.Pause.class,
                PauseResumeCommand.Resume.class, ValidateCommand.class, TaskCommand.class, BenchCommand.class})
public final class DuplexCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        // The binlog client logs through java.util.logging; a person needs only its warnings.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        for (var h : java.util.logging.Logger.getLogger("").getHandlers()) {
            h.setLevel(java.util.logging.Level.WARNING);
        }
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new DuplexCommand())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("duplex: " + e.getMessage());
                    return ExitCodes.FAILURE;
                });
    }
}
