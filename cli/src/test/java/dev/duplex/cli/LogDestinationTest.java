package dev.duplex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LogDestinationTest {
    @TempDir
    Path dir;

    @AfterEach
    void forgetTheDestination() {
        System.clearProperty("org.slf4j.simpleLogger.logFile");
    }

    private static CommandLine.ParseResult parse(String... args) {
        return DuplexCommand.commandLine().parseArgs(args);
    }

    @Test
    void aCommandLogsIntoItsStateDirectoryUnderItsOwnName() {
        Path state = dir.resolve("state");
        Optional<Path> file = LogDestination.configure(parse("demo", "--state-dir", state.toString()));
        assertEquals(Optional.of(state.resolve("logs").resolve("demo.log").toAbsolutePath()), file);
        assertTrue(Files.isDirectory(state.resolve("logs")), "the log's directory exists before the first logger");
        assertEquals(file, LogDestination.file());
    }

    @Test
    void aSubcommandOfTaskLogsUnderItsOwnName() {
        Optional<Path> file = LogDestination.configure(parse("task", "get", "x", "--state-dir", dir.toString()));
        assertEquals(Optional.of(dir.resolve("logs").resolve("get.log").toAbsolutePath()), file);
    }

    @Test
    void verboseKeepsTheLogOnTheTerminalWhereverItIsGiven() {
        assertEquals(Optional.empty(), LogDestination.configure(parse("--verbose", "demo", "--state-dir", dir.toString())));
        assertEquals(Optional.empty(), LogDestination.configure(parse("demo", "--verbose", "--state-dir", dir.toString())));
        assertEquals(Optional.empty(), LogDestination.file());
    }
}
