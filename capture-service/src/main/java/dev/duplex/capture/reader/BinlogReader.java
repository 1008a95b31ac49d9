package dev.duplex.capture.reader;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.network.SSLMode;
import com.github.shyiko.mysql.binlog.network.ServerException;
import dev.duplex.core.config.TlsMode;
import dev.duplex.core.error.DecodeException;
import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.thread.StoppableThread;
import dev.duplex.core.thread.Worker;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams the binlog from one position on its own thread, the only thread that touches the
 * replication socket, and hands events to a bounded queue (a full queue slows the socket down).
 * The library's keep-alive and auto-reconnect stay off: after any failure this reader ends, and
 * capture starts a new one from its last checkpoint, never from the library's position, which
 * may be in the middle of a transaction. An event the library cannot deserialize ends reading
 * with a {@link DecodeException} naming its position; the library alone would skip it.
 */
public final class BinlogReader implements Worker {
    private final ReaderSettings settings;
    private final BlockingQueue<ReaderItem> out;
    private final String name;
    private final BinaryLogClient client;
    private final AtomicReference<DuplexException> failure = new AtomicReference<>();
    private volatile String file;
    private volatile long nextPos;
    private final StoppableThread thread;

    public BinlogReader(ReaderSettings settings, BlockingQueue<ReaderItem> out, String name) {
        this.settings = settings;
        this.out = out;
        this.name = name;
        this.thread = StoppableThread.daemon(name);
        this.file = settings.from().file();
        this.nextPos = settings.from().pos();
        this.client = client(settings);
    }

    private BinaryLogClient client(ReaderSettings s) {
        BinaryLogClient c = new BinaryLogClient(s.host(), s.port(), s.user(), s.password());
        c.setBinlogFilename(s.from().file());
        c.setBinlogPosition(s.from().pos());
        c.setServerId(s.replicaServerId());
        c.setKeepAlive(false);
        c.setBlocking(true);
        c.setConnectTimeout(s.connectTimeout().toMillis());
        c.setHeartbeatInterval(s.heartbeat().toMillis());
        AuthGuard guard = new AuthGuard(s.tls().allowsPublicKeyRetrieval());
        c.setSocketFactory(() -> {
            Socket socket = guard.plainSocket();
            // With the source's heartbeat, a silent socket for this long is a dead one.
            socket.setSoTimeout((int) s.readTimeout().toMillis());
            socket.setKeepAlive(true);
            return socket;
        });
        c.setSSLMode(sslMode(s.tls().mode()));
        // The library's own TLS pins 1.2 and checks the name it reads back from the socket (a reverse
        // lookup for an IP address); NodeTls sets up TLS for both connections alike.
        c.setSslSocketFactory(plain -> {
            try {
                return guard.secured(plain, s.tls().upgrade(plain));
            } catch (IOException e) {
                throw new SocketException("cannot start TLS: " + e.getMessage(), e);
            }
        });
        c.setEventDeserializer(EventDeserializers.create());
        c.registerEventListener(this::onEvent);
        c.registerLifecycleListener(new Lifecycle());
        return c;
    }

    @Override
    public void start() {
        thread.start(this::run);
    }

    private void run() {
        try {
            if (!thread.stopping()) {
                client.connect();
            }
        } catch (IOException | RuntimeException e) {
            fail(classify("cannot stream the binlog from " + settings.host() + ":" + settings.port(), e));
        }
        ReaderItem last;
        if (failure.get() != null) {
            last = new ReaderItem.Failure(failure.get());
        } else if (thread.stopping()) {
            last = new ReaderItem.Ended();
        } else {
            last = new ReaderItem.Failure(new RetriableException("the source closed the binlog stream",
                    position(), 0, null));
        }
        deliver(last);
    }

    private void onEvent(Event event) {
        if (failure.get() != null || thread.stopping()) {
            return;
        }
        EventHeaderV4 h = event.getHeader();
        if (h.getEventType() == EventType.ROTATE) {
            file = ((RotateEventData) event.getData()).getBinlogFilename();
            nextPos = ((RotateEventData) event.getData()).getBinlogPosition();
        } else if (h.getNextPosition() > 0) {
            nextPos = h.getNextPosition();
        }
        deliver(new ReaderItem.Received(event));
    }

    /** Waits for room in the queue, unless the reader is stopping: then nobody reads it any more. */
    private void deliver(ReaderItem item) {
        try {
            while (!out.offer(item, 100, TimeUnit.MILLISECONDS)) {
                if (thread.stopping()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.stop();
            disconnectQuietly();
        }
    }

    private void fail(DuplexException e) {
        if (failure.compareAndSet(null, e)) {
            disconnectQuietly();
        }
    }

    private String position() {
        return file + ":" + nextPos;
    }

    /**
     * The library's mode only decides whether TLS is tried and whether its absence fails; trust and
     * host name are NodeTls's, so the library's reverse-DNS host check (VERIFY_IDENTITY) stays off.
     * Without keep-alive pings this connection never writes while streaming, so TLS 1.3's key updates
     * cannot meet a concurrent write (the reason the library pins 1.2).
     */
    private static SSLMode sslMode(TlsMode mode) {
        return switch (mode) {
            case DISABLED -> SSLMode.DISABLED;
            case PREFERRED -> SSLMode.PREFERRED;
            case REQUIRED -> SSLMode.REQUIRED;
            case VERIFY_CA, VERIFY_IDENTITY -> SSLMode.VERIFY_CA;
        };
    }

    private DuplexException classify(String what, Exception e) {
        Optional<FatalException> refused = settings.tls().explain(e);
        if (refused.isPresent()) {
            return new FatalException(what + ": " + refused.get().getMessage(), position(), 0, e);
        }
        Throwable subject = e;
        int code = 0;
        if (e instanceof ServerException se) {
            // The replication protocol's own error packet: classify it like the SQL error it is.
            subject = new SQLException(se.getMessage(), se.getSqlState(), se.getErrorCode());
            code = se.getErrorCode();
        }
        String msg = what + ": " + e.getMessage();
        if (code == 1236) {
            msg += " (the binlog position is no longer on the server, for example its file was purged: the task "
                    + "needs a new full sync)";
        }
        return ErrorClassifier.isRetriable(subject) ? new RetriableException(msg, position(), code, e)
                : new FatalException(msg, position(), code, e);
    }

    private void disconnectQuietly() {
        try {
            client.disconnect();
        } catch (IOException ignored) {
            // Closing a socket that already failed; the original failure is what gets reported.
        }
    }

    @Override
    public void stop() {
        thread.stop();
        disconnectQuietly();
    }

    @Override
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return thread.awaitStop(timeout);
    }

    /** The library's wrapper names only the event's header; what went wrong is its cause's message. */
    private static String why(Exception ex) {
        Throwable cause = ex.getCause();
        return cause == null || cause.getMessage() == null ? ex.getMessage() : ex.getMessage() + ": "
                + cause.getMessage();
    }

    private final class Lifecycle implements BinaryLogClient.LifecycleListener {
        @Override
        public void onConnect(BinaryLogClient c) {
            if (thread.stopping()) {
                // stop() came while connecting and found nothing to close yet.
                disconnectQuietly();
            }
        }

        @Override
        public void onCommunicationFailure(BinaryLogClient c, Exception ex) {
            if (!thread.stopping()) {
                fail(classify("lost the binlog stream from " + settings.host() + ":" + settings.port(), ex));
            }
        }

        @Override
        public void onEventDeserializationFailure(BinaryLogClient c, Exception ex) {
            fail(new DecodeException("cannot decode the binlog event at " + position() + ": " + why(ex)
                    + "; capture stops rather than skip it (skipping would lose data)", position(), 0, ex));
        }

        @Override
        public void onDisconnect(BinaryLogClient c) {
            // connect() returns right after; run() reports why.
        }
    }
}
