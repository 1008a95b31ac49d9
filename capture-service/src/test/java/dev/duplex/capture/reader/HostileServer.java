package dev.duplex.capture.reader;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A listener on 127.0.0.1 that speaks just enough of the MySQL protocol to play the server an
 * attacker on the path would: it greets as MySQL 8 with caching_sha2_password (and TLS when given a
 * context), takes the client's login and then asks for what it wants, the password in clear
 * ({@link Ask#CLEAR_PASSWORD}) or caching_sha2_password's full login ({@link Ask#FULL_LOGIN}), which
 * without TLS makes a willing client fetch the server's RSA key. It records the client's answer
 * (nothing, if the client hung up) and refuses the login.
 */
final class HostileServer implements AutoCloseable {
    enum Ask { CLEAR_PASSWORD, FULL_LOGIN }

    private static final int CLIENT_SSL = 0x800;
    private static final int CAPABILITIES = 0x1 | 0x2 | 0x4 | 0x8 | 0x200 | 0x2000 | 0x8000 | 0x20000 | 0x80000
            | 0x200000;
    private static final byte[] SCRAMBLE = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);

    private final Ask ask;
    private final SSLContext tls;
    private final ServerSocket listener;
    private final Thread thread;
    /** What each client sent after the request; empty when it hung up instead. */
    private final List<byte[]> answers = new CopyOnWriteArrayList<>();
    private final List<Boolean> overTls = new CopyOnWriteArrayList<>();

    HostileServer(Ask ask, SSLContext tls) throws IOException {
        this.ask = ask;
        this.tls = tls;
        this.listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serve, "hostile-mysql");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    List<byte[]> answers() {
        return answers;
    }

    /** Whether each client's login ran over TLS. */
    List<Boolean> overTls() {
        return overTls;
    }

    private void serve() {
        while (!listener.isClosed()) {
            try (Socket s = listener.accept()) {
                s.setSoTimeout(5_000);
                session(s);
            } catch (IOException e) {
                // the listener closed, or one client went: serve the next
            }
        }
    }

    private void session(Socket plain) throws IOException {
        write(plain.getOutputStream(), 0, greeting(tls != null));
        Packet login = read(plain.getInputStream());
        Socket s = plain;
        byte[] p = login.payload();
        int flags = p.length < 4 ? 0 : (p[0] & 0xFF) | (p[1] & 0xFF) << 8 | (p[2] & 0xFF) << 16 | (p[3] & 0xFF) << 24;
        // An SSL request is the login's first 32 bytes alone, with CLIENT_SSL set.
        if (tls != null && p.length == 32 && (flags & CLIENT_SSL) != 0) {
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, null, true);
            secure.setUseClientMode(false);
            secure.startHandshake();
            s = secure;
            login = read(s.getInputStream());
        }
        overTls.add(s != plain);
        byte[] request = ask == Ask.CLEAR_PASSWORD ? concat(new byte[] {(byte) 0xFE},
                "mysql_clear_password".getBytes(StandardCharsets.US_ASCII), new byte[] {0}) : new byte[] {0x01, 0x04};
        write(s.getOutputStream(), login.seq() + 1, request);
        try {
            Packet answer = read(s.getInputStream());
            answers.add(answer.payload());
            write(s.getOutputStream(), answer.seq() + 1, concat(new byte[] {(byte) 0xFF, 0x15, 0x04},
                    "#28000Access denied".getBytes(StandardCharsets.US_ASCII)));
        } catch (EOFException | SocketTimeoutException hungUp) {
            answers.add(new byte[0]);
        } catch (IOException reset) {
            answers.add(new byte[0]);
        }
    }

    private static byte[] greeting(boolean offerTls) {
        ByteArrayOutputStream g = new ByteArrayOutputStream();
        g.write(10);
        g.writeBytes("8.0.36-hostile".getBytes(StandardCharsets.US_ASCII));
        g.write(0);
        g.writeBytes(new byte[] {7, 0, 0, 0});
        g.write(SCRAMBLE, 0, 8);
        g.write(0);
        int caps = CAPABILITIES | (offerTls ? CLIENT_SSL : 0);
        g.write(caps & 0xFF);
        g.write(caps >> 8 & 0xFF);
        g.write(0xFF); // utf8mb4_0900_ai_ci
        g.writeBytes(new byte[] {2, 0});
        g.write(caps >> 16 & 0xFF);
        g.write(caps >> 24 & 0xFF);
        g.write(SCRAMBLE.length + 1);
        g.writeBytes(new byte[10]);
        g.write(SCRAMBLE, 8, 12);
        g.write(0);
        g.writeBytes("caching_sha2_password".getBytes(StandardCharsets.US_ASCII));
        g.write(0);
        return g.toByteArray();
    }

    private record Packet(int seq, byte[] payload) {}

    private static Packet read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int len = d.readUnsignedByte() | d.readUnsignedByte() << 8 | d.readUnsignedByte() << 16;
        int seq = d.readUnsignedByte();
        byte[] payload = new byte[len];
        d.readFully(payload);
        return new Packet(seq, payload);
    }

    private static void write(OutputStream out, int seq, byte[] payload) throws IOException {
        byte[] header = {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16),
                (byte) seq};
        out.write(concat(header, payload));
        out.flush();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
