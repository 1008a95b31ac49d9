package dev.duplex.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Where the {@code duplex} command's log goes: a file under the state directory, so that a person
 * sees the command's own output (figures, tables, errors) and nothing between it; on the terminal
 * with {@code --verbose}. Decided once, after the arguments are parsed and before anything logs:
 * slf4j-simple reads its destination when the first logger is made.
 */
final class LogDestination {
    static final String VERBOSE = "--verbose";
    private static final String STATE_DIR = "--state-dir";
    private static final String LOG_FILE_PROPERTY = "org.slf4j.simpleLogger.logFile";

    private LogDestination() {}

    /**
     * Sends the log to {@code <state-dir>/logs/<command>.log} (the state directory of the command,
     * {@code .duplex} when it has none) unless {@code --verbose} was given; returns the file, empty
     * when the log stays on the terminal.
     */
    static Optional<Path> configure(ParseResult parsed) {
        ParseResult leaf = parsed;
        boolean verbose = parsed.hasMatchedOption(VERBOSE);
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
            verbose |= leaf.hasMatchedOption(VERBOSE);
        }
        if (verbose || leaf.isUsageHelpRequested() || leaf.isVersionHelpRequested()) {
            routeJavaUtilLogging();
            return Optional.empty();
        }
        Path file = stateDir(leaf).resolve("logs").resolve(leaf.commandSpec().name() + ".log").toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the log directory " + file.getParent()
                    + ": pass --state-dir with a writable directory, or --verbose to log to the terminal", e);
        }
        System.setProperty(LOG_FILE_PROPERTY, file.toString());
        routeJavaUtilLogging();
        return Optional.of(file);
    }

    /** The log file this process writes, empty when it logs to the terminal (or runs inside a test). */
    static Optional<Path> file() {
        return Optional.ofNullable(System.getProperty(LOG_FILE_PROPERTY)).map(Path::of);
    }

    private static Path stateDir(ParseResult leaf) {
        OptionSpec option = leaf.commandSpec().findOption(STATE_DIR);
        Object value = option == null ? null : option.getValue();
        return value instanceof Path p ? p : StateDir.DEFAULT;
    }

    /**
     * The binlog client logs through java.util.logging, whose console handler writes to stderr:
     * its warnings go where every other log line goes.
     */
    private static void routeJavaUtilLogging() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        root.setLevel(Level.WARNING);
        root.addHandler(new ToSlf4j());
    }

    /** Forwards java.util.logging records (warnings and above) to SLF4J under their logger name. */
    private static final class ToSlf4j extends Handler {
        @Override
        public void publish(LogRecord r) {
            var log = LoggerFactory.getLogger(r.getLoggerName() == null ? "jul" : r.getLoggerName());
            String message = r.getParameters() == null ? r.getMessage()
                    : MessageFormat.format(r.getMessage(), r.getParameters());
            if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                log.error(message, r.getThrown());
            } else {
                log.warn(message, r.getThrown());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
