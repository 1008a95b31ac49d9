package dev.duplex.core.sql;

import dev.duplex.core.config.NodeConfig;
import dev.duplex.core.error.FatalException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognizes, in a failed connection's causes, the failures that only a change of the node's
 * settings ends: a certificate no trusted CA signed, a certificate for another host, a server
 * that wants the password without TLS or in clear. Both drivers and the JDK word them differently; each is
 * told as what is wrong and how to fix it, and is fatal: retrying meets the same certificate.
 */
final class TlsFailures {

    private TlsFailures() {}

    static Optional<FatalException> explain(NodeConfig node, Throwable failure) {
        Throwable untrusted = null;
        Throwable otherHost = null;
        Throwable rsaWanted = null;
        Throwable clearWanted = null;
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
            if (c instanceof CertPathValidatorException || c instanceof CertPathBuilderException) {
                untrusted = c;
            } else if (m.contains("subject alternative") || m.contains("no name matching")
                    || m.contains("identity verification failed")) {
                otherHost = c;
            } else if (m.contains("public key retrieval is not allowed")) {
                rsaWanted = c;
            } else if (m.contains(NodeTls.CLEAR_PASSWORD_PLUGIN)) {
                clearWanted = c;
            }
        }
        String at = "the TLS certificate of " + node.address();
        if (untrusted != null) {
            return Optional.of(new FatalException(at + " is not signed by a CA this node trusts ("
                    + (node.tlsCa() == null ? "no tlsCa: the JVM's CAs" : "tlsCa " + node.tlsCa().reference())
                    + "): " + untrusted.getMessage() + " (fix: set the node's tlsCa to the PEM bundle of the CA that"
                    + " signed the server's certificate, e.g. for RDS and Aurora " + NodeConfig.RDS_CA_BUNDLE
                    + "; a self-signed server certificate can itself be named in tlsCa)", failure));
        }
        if (otherHost != null) {
            return Optional.of(new FatalException(at + " does not name the host '" + node.host() + "' (tls: "
                    + node.tls().code() + " checks it): " + otherHost.getMessage() + " (fix: write the node's host"
                    + " as a name the certificate lists, for RDS the instance or cluster endpoint rather than an IP"
                    + " address or an alias of your own; or use tls: verify-ca, which checks the CA only)", failure));
        }
        if (rsaWanted != null) {
            return Optional.of(new FatalException(node.address() + " wants the password over a connection without"
                    + " TLS (caching_sha2_password's full login); Duplex does not send it encrypted with a key the"
                    + " server hands over, as anyone on the path could hand over theirs (fix: enable TLS on the server"
                    + " and use tls: verify-identity or required; tls: disabled allows it on a loopback host only)",
                    failure));
        }
        if (clearWanted != null) {
            return Optional.of(new FatalException(node.address() + " asked for the password in clear ("
                    + NodeTls.CLEAR_PASSWORD_PLUGIN + "), which Duplex never sends: " + clearWanted.getMessage()
                    + " (fix: give the account '" + node.user() + "' a plugin that never needs the password itself,"
                    + " mysql_native_password or caching_sha2_password)", failure));
        }
        return Optional.empty();
    }
}
