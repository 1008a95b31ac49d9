package dev.duplex.capture.reader;

import dev.duplex.core.sql.NodeTls;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;

/**
 * Reads what the server sends while the binlog connection logs in and ends the connection before
 * the library answers a request Duplex refuses. mysql-binlog-connector-java follows the server's
 * lead on its own: asked to switch to {@code mysql_clear_password} it sends the password itself,
 * and asked for caching_sha2_password's full login without TLS it fetches the server's RSA key and
 * sends the password encrypted with it, so whoever is on the path (TLS stripped, or not offered)
 * gets the password either way. Here the first is refused always (as Connector/J has that plugin
 * disabled), the second unless public key retrieval is allowed ({@link NodeTls#allowsPublicKeyRetrieval}).
 * The refusals use the words of Connector/J's own, so that {@link NodeTls#explain} tells both
 * connections' alike. Once TLS starts, the plain socket's stream carries TLS records and is left
 * alone; the decrypted stream is watched from its first packet.
 */
final class AuthGuard {
    /** caching_sha2_password: "perform full authentication" (0x01 more data, 0x04). */
    private static final int MORE_DATA = 0x01;
    private static final int FULL_AUTH = 0x04;
    private static final int AUTH_SWITCH = 0xFE;
    /** Packets while logging in are small; a longer one is inspected by its start only. */
    private static final int KEPT = 256;

    private final boolean rsaAllowed;

    AuthGuard(boolean rsaAllowed) {
        this.rsaAllowed = rsaAllowed;
    }

    /** The unconnected socket the binlog client connects, watched until TLS starts or the login ends. */
    PlainSocket plainSocket() {
        return new PlainSocket();
    }

    /** {@code secure}, which took over {@code plain} for TLS, watched until the login ends. */
    SSLSocket secured(Socket plain, SSLSocket secure) {
        if (plain instanceof PlainSocket p) {
            p.tlsStarted();
        }
        return new GuardedSslSocket(secure, in -> new Watched(in, false, true));
    }

    final class PlainSocket extends Socket {
        private Watched watched;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (watched == null) {
                watched = new Watched(super.getInputStream(), true, false);
            }
            return watched;
        }

        /** From here on TLS reads this stream: records, not packets. */
        synchronized void tlsStarted() {
            if (watched != null) {
                watched.done = true;
            }
        }
    }

    /** Splits the server's bytes into packets until the login ends; refuses before the library reads one. */
    private final class Watched extends FilterInputStream {
        private final boolean tls;
        private boolean greetingPending;
        private volatile boolean done;
        private final byte[] header = new byte[4];
        private int headerFill;
        private int remaining;
        private final ByteArrayOutputStream payload = new ByteArrayOutputStream();

        Watched(InputStream in, boolean greetingFirst, boolean tls) {
            super(in);
            this.greetingPending = greetingFirst;
            this.tls = tls;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0 && !done) {
                see(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0 && !done) {
                see(b, off, n);
            }
            return n;
        }

        private void see(byte[] b, int off, int n) throws IOException {
            for (int i = off; i < off + n && !done; i++) {
                if (headerFill < 4) {
                    header[headerFill++] = b[i];
                    if (headerFill == 4) {
                        remaining = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
                        payload.reset();
                    }
                } else {
                    if (payload.size() < KEPT) {
                        payload.write(b[i]);
                    }
                    remaining--;
                }
                if (headerFill == 4 && remaining == 0) {
                    headerFill = 0;
                    judge(payload.toByteArray());
                }
            }
        }

        private void judge(byte[] p) throws IOException {
            if (greetingPending) {
                greetingPending = false;
                return;
            }
            int kind = p.length == 0 ? -1 : p[0] & 0xFF;
            if (kind == 0x00 || kind == 0xFF) {
                done = true; // logged in, or refused: the library reports that itself
            } else if (kind == AUTH_SWITCH && NodeTls.CLEAR_PASSWORD_PLUGIN.equals(pluginName(p))) {
                done = true;
                throw new IOException("the server asked to switch to " + NodeTls.CLEAR_PASSWORD_PLUGIN
                        + " (the password itself); refused before sending anything");
            } else if (kind == MORE_DATA && p.length == 2 && p[1] == FULL_AUTH && !tls && !rsaAllowed) {
                done = true;
                throw new IOException("the server asked for caching_sha2_password's full login without TLS:"
                        + " Public Key Retrieval is not allowed; refused before sending anything");
            }
        }

        private static String pluginName(byte[] p) {
            int end = 1;
            while (end < p.length && p[end] != 0) {
                end++;
            }
            return new String(p, 1, end - 1, StandardCharsets.US_ASCII);
        }
    }
}
