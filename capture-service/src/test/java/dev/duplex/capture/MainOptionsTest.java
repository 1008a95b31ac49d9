package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The capture container's options: command line first, then DUPLEX_* variables; nothing misspelt passes. */
class MainOptionsTest {

    @Test
    void shouldRefuseAMisspeltOptionWithExitStatusTwoNamingIt() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CaptureMain.start(new String[] {"--node", "a", "--queue-ur", "https://q"}, k -> null,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        String shown = err.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("--queue-ur"), shown);
    }

    @Test
    void shouldRefuseAStrayArgumentAMissingValueAndABadNumber() {
        Map<String, String> env = Map.of();
        assertThrows(CommandLine.ParameterException.class, () -> MainOptions.parse(new String[] {"stray"}, env::get));
        assertThrows(CommandLine.ParameterException.class, () -> MainOptions.parse(new String[] {"--node"}, env::get));
        var bad = assertThrows(CommandLine.ParameterException.class,
                () -> MainOptions.parse(new String[] {"--linger-ms", "soon"}, env::get));
        assertTrue(bad.getMessage().contains("--linger-ms"), bad.getMessage());
    }

    @Test
    void shouldTakeWhatTheCommandLineLeavesOutFromTheEnvironment() {
        Map<String, String> env = Map.of("DUPLEX_QUEUE_URL", "from-env", "DUPLEX_NODE", "b", "DUPLEX_LINGER_MS", " 5 ",
                "DUPLEX_COORDINATE", "false", "DUPLEX_A2B_MAPPING", "uuid-1", "DUPLEX_OWNER", " ");
        MainOptions o = MainOptions.parse(new String[0], env::get);
        assertEquals("from-env", o.queueUrl);
        assertEquals("b", o.requireNode());
        assertEquals(5L, o.lingerMs);
        assertEquals(Boolean.FALSE, o.coordinate);
        assertEquals("uuid-1", o.a2bMapping);
        assertNull(o.owner, "a blank variable counts as unset");
        assertNull(o.healthPort);
    }

    @Test
    void shouldPreferTheCommandLineToTheEnvironment() {
        Map<String, String> env = Map.of("DUPLEX_QUEUE_URL", "from-env", "DUPLEX_HEALTH_PORT", "9");
        MainOptions o = MainOptions.parse(new String[] {"--queue-url", "from-args", "--health-port=0"}, env::get);
        assertEquals("from-args", o.queueUrl);
        assertEquals(0, o.healthPort);
    }

    @Test
    void shouldNameEachOptionsVariableInItsHelp() {
        String usage = MainOptions.usage();
        for (String option : new String[] {"--config", "--queue-url", "--a2b-mapping", "--health-address",
                "--create-tables"}) {
            assertTrue(usage.contains(option) && usage.contains(MainOptions.variable(option)), option + " in\n" + usage);
        }
        assertTrue(usage.contains("DUPLEX_CONFIG_TEXT"), usage);
    }
}
