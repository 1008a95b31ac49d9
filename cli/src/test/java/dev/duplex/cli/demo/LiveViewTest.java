package dev.duplex.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LiveViewTest {
    private static final LiveFigures RUNNING = new LiveFigures("RUNNING", Optional.empty(),
            new LiveFigures.Flow(36, "24ms", 1200), new LiveFigures.Flow(61, "41ms", 1300), 0, 104, 105);

    @Test
    void onATerminalTheTableIsRedrawnOverItselfWithEachLineCleared() {
        StringWriter text = new StringWriter();
        LiveView view = new LiveView(new PrintWriter(text), true);
        view.show(RUNNING);
        String first = text.toString();
        view.show(RUNNING);
        String second = text.toString().substring(first.length());
        int lines = RUNNING.table().size();
        assertFalse(first.contains("\u001b[" + lines + "A"), "the first drawing has nothing to go back over");
        assertTrue(second.startsWith("\u001b[" + lines + "A"), "the next drawing starts at the table's first line");
        assertEquals(lines, second.split("\u001b\\[2K", -1).length - 1, "every line is cleared before it is drawn");
    }

    @Test
    void aNoteBelowTheTableIsNotDrawnOver() {
        StringWriter text = new StringWriter();
        LiveView view = new LiveView(new PrintWriter(text), true);
        view.show(RUNNING);
        view.note("stopped writing");
        int before = text.toString().length();
        view.show(RUNNING);
        assertFalse(text.toString().substring(before).contains("A\r"), "no cursor-up over the note");
    }

    @Test
    void intoAFileEachRefreshIsOnePlainLine() {
        StringWriter text = new StringWriter();
        LiveView view = new LiveView(new PrintWriter(text), false);
        view.show(RUNNING);
        view.show(RUNNING);
        String[] lines = text.toString().split(System.lineSeparator());
        assertEquals(2, lines.length);
        assertFalse(text.toString().contains("\u001b"), "no escape sequences into a file");
        assertTrue(lines[0].matches("a->b +36 rows/s  latency +24ms   \\|   b->a +61 rows/s  latency +41ms   \\|"
                + "   conflicts 0   written a 104 b 105 tx"), lines[0]);
    }

    @Test
    void duringTheInitialLoadTheProgressShowsAndNodeBIsHeld() {
        LiveFigures copying = new LiveFigures("FULL_SYNC", Optional.of("full sync [##---]  40%"),
                new LiveFigures.Flow(0, "-", 0), new LiveFigures.Flow(0, "-", 0), 0, 10, 10);
        assertTrue(copying.line().startsWith("full sync [##---]  40%   |   b->a held"), copying.line());
        assertTrue(copying.table().get(0).contains("FULL_SYNC") && copying.table().get(0).contains("40%"));
        assertTrue(copying.table().get(2).endsWith("held"), copying.table().get(2));
    }
}
