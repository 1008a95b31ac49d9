package dev.duplex.apply;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.slf4j.LoggerFactory;

/**
 * What the process logs at INFO and above while open, whichever SLF4J binding the test
 * classpath brings: slf4j-simple writes to the current System.err (teed here), a JUL-based one
 * (JBoss LogManager under Quarkus) reaches the root handler added here. Stack traces included.
 */
final class LogCapture implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final StringBuffer jul = new StringBuffer();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() < Level.INFO.intValue()) {
                return;
            }
            jul.append(r.getLevel()).append(' ').append(new SimpleFormatter().formatMessage(r))
                    .append('\n');
            if (r.getThrown() != null) {
                StringWriter trace = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(trace));
                jul.append(trace);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LogCapture() {
        System.setErr(new PrintStream(new Tee(original, err), true, StandardCharsets.UTF_8));
        Logger.getLogger("").addHandler(handler);
        LoggerFactory.getLogger(LogCapture.class).info("capturing logs through {}",
                LoggerFactory.getILoggerFactory().getClass().getName());
    }

    /** Everything logged so far. */
    String text() {
        System.err.flush();
        return err.toString(StandardCharsets.UTF_8) + jul;
    }

    @Override
    public void close() {
        System.setErr(original);
        Logger.getLogger("").removeHandler(handler);
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
