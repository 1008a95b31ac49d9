package dev.duplex.cli.demo;

import java.io.Console;
import java.io.PrintWriter;
import java.util.List;

/**
 * The demo's live figures. On a terminal a fixed table redrawn in place (cursor up over the
 * previous drawing, each line cleared), so the figures change where they stand; into a file or a
 * pipe one line per refresh, which a log keeps and a script can grep.
 */
public final class LiveView {
    private static final String CLEAR_LINE = "\u001b[2K";

    private final PrintWriter out;
    private final boolean inPlace;
    private int drawnLines;

    public LiveView(PrintWriter out, boolean inPlace) {
        this.out = out;
        this.inPlace = inPlace;
    }

    /** In place when standard output is a terminal that understands cursor movement. */
    public static LiveView forStandardOutput(PrintWriter out) {
        return new LiveView(out, isTerminal() && !"dumb".equals(System.getenv("TERM")));
    }

    /** Shows the table on a terminal, else its one-line form. */
    public void show(LiveFigures figures) {
        if (inPlace) {
            redraw(figures.table());
        } else {
            out.println(figures.line());
        }
        out.flush();
    }

    /** A line below the table (the table is drawn anew under it next time). */
    public void note(String line) {
        out.println(line);
        out.flush();
        drawnLines = 0;
    }

    private void redraw(List<String> lines) {
        StringBuilder s = new StringBuilder();
        if (drawnLines > 0) {
            s.append("\u001b[").append(drawnLines).append('A');
        }
        for (String line : lines) {
            s.append('\r').append(CLEAR_LINE).append(line).append(System.lineSeparator());
        }
        out.print(s);
        drawnLines = lines.size();
    }

    /**
     * JDK 22+ returns a console for redirected streams too and says so with {@code isTerminal()};
     * built for 21, which has no such method and returns a console only for a terminal.
     */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException jdk21) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
