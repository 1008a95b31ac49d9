package dev.duplex.core.sql;

import dev.duplex.core.config.NodeConfig;
import dev.duplex.core.error.FatalException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The CA certificates a node's {@code tlsCa} names, parsed once per content (a bundle such as
 * Amazon's RDS one holds over a hundred), in the two forms the drivers take: an SSLContext for the
 * binlog connection and a PKCS12 trust store file for Connector/J, which reads trust only from a
 * key store URL. The file holds public certificates only; it is still owner-only, so no other
 * local user can swap the CAs, and deleted when the JVM exits.
 */
final class CaBundle {
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String PEM_FIX = "point tlsCa at a PEM file of CA certificates, each between -----BEGIN"
            + " CERTIFICATE----- and -----END CERTIFICATE----- (for RDS and Aurora, Amazon's "
            + NodeConfig.RDS_CA_BUNDLE
            + "; a DER .cer or .crt file converts with: openssl x509 -inform der -in ca.cer -out ca.pem)";
    /** By SHA-256 of the PEM: a rotated bundle is a new entry, an unchanged one is parsed and written once. */
    private static final Map<String, CaBundle> BY_CONTENT = new ConcurrentHashMap<>();

    private final List<X509Certificate> certificates;
    private final KeyStore keyStore;
    private volatile SSLContext context;
    private volatile TrustStoreFile file;

    /** A PKCS12 trust store on disk and the password Connector/J opens it with (integrity only, not secrecy). */
    record TrustStoreFile(Path path, String password) {
        String url() {
            return path.toUri().toString();
        }
    }

    private CaBundle(List<X509Certificate> certificates) {
        this.certificates = List.copyOf(certificates);
        try {
            keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                keyStore.setCertificateEntry("ca-" + i, certificates.get(i));
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build an in-memory trust store: " + e.getMessage(), e);
        }
    }

    /** The bundle for {@code pem}, read from {@code reference} (named in errors; the PEM is never repeated). */
    static CaBundle of(String pem, String reference) {
        String digest = sha256(pem);
        CaBundle known = BY_CONTENT.get(digest);
        if (known != null) {
            return known;
        }
        return BY_CONTENT.computeIfAbsent(digest, d -> new CaBundle(parse(pem, reference)));
    }

    /** Every certificate in the PEM text; text outside the blocks (names, comments) is skipped. */
    static List<X509Certificate> parse(String pem, String reference) {
        List<X509Certificate> out = new ArrayList<>();
        Matcher m = PEM_BLOCK.matcher(pem);
        CertificateFactory factory = x509();
        while (m.find()) {
            String type = m.group(1);
            if (!type.equals("CERTIFICATE")) {
                throw new FatalException("tlsCa " + reference + " holds a " + type + " block; it must hold only CA"
                        + " certificates (never a key) (fix: " + PEM_FIX + ")");
            }
            int n = out.size() + 1;
            try {
                byte[] der = Base64.getMimeDecoder().decode(m.group(2).strip());
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            } catch (IllegalArgumentException | CertificateException e) {
                throw new FatalException("certificate " + n + " in tlsCa " + reference + " is not a valid X.509"
                        + " certificate (" + e.getMessage() + ") (fix: " + PEM_FIX + ")");
            }
        }
        if (out.isEmpty()) {
            throw new FatalException("tlsCa " + reference + " holds no PEM certificate (fix: " + PEM_FIX + ")");
        }
        return out;
    }

    int size() {
        return certificates.size();
    }

    /** Trusts these CAs only, not the JVM's as well: naming a CA narrows whom the node's server may be. */
    SSLContext context() {
        SSLContext c = context;
        if (c == null) {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(keyStore);
                c = SSLContext.getInstance("TLS");
                c.init(null, tmf.getTrustManagers(), null);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot set up TLS with the tlsCa certificates: " + e.getMessage(), e);
            }
            context = c;
        }
        return c;
    }

    synchronized TrustStoreFile trustStoreFile() {
        if (file == null) {
            file = write();
        }
        return file;
    }

    private TrustStoreFile write() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            Path path = ownerOnlyTempFile();
            path.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(path)) {
                keyStore.store(out, password.toCharArray());
            }
            return new TrustStoreFile(path, password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tlsCa trust store for the JDBC driver to "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the tlsCa trust store: " + e.getMessage(), e);
        }
    }

    private static Path ownerOnlyTempFile() throws IOException {
        try {
            return Files.createTempFile("duplex-ca-", ".p12",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempFile("duplex-ca-", ".p12");
        }
    }

    private static CertificateFactory x509() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JVM has no X.509 support: " + e.getMessage(), e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
