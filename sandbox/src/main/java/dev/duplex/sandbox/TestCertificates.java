package dev.duplex.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Certificates for TLS tests, made with openssl (scripts/test.sh installs it): CAs, server
 * certificates a CA signs for given names, and self-signed ones, as PEM files a sandbox server can
 * be started with ({@link #serverOptions}). Keys are RSA 2048, valid for two days.
 */
public final class TestCertificates {
  /** A certificate and its private key, both PEM. */
  public record Pair(Path cert, Path key) {}

  private TestCertificates() {}

  /** A CA named {@code name}, able to sign certificates. */
  public static Pair ca(Path dir, String name) {
    Pair ca = pair(dir, name);
    openssl(List.of("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + name,
        "-keyout", ca.key().toString(), "-out", ca.cert().toString(),
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"));
    return ca;
  }

  /**
   * A server certificate signed by {@code ca}, for the subject alternative names given as openssl
   * writes them, e.g. "DNS:localhost", "IP:127.0.0.1".
   */
  public static Pair signed(Path dir, String name, Pair ca, String... altNames) {
    Pair server = pair(dir, name);
    Path csr = dir.resolve(name + ".csr");
    Path ext = dir.resolve(name + ".ext");
    openssl(List.of("req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name,
        "-keyout", server.key().toString(), "-out", csr.toString()));
    write(ext, "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
        + "extendedKeyUsage=serverAuth\nsubjectAltName=" + String.join(",", altNames) + "\n");
    openssl(List.of("x509", "-req", "-in", csr.toString(), "-CA", ca.cert().toString(),
        "-CAkey", ca.key().toString(), "-set_serial", "0x" + serial(), "-days", "2",
        "-extfile", ext.toString(), "-out", server.cert().toString()));
    return server;
  }

  /** A certificate that signs itself, with {@code commonName} and optional subject alternative names. */
  public static Pair selfSigned(Path dir, String name, String commonName, String... altNames) {
    Pair pair = pair(dir, name);
    List<String> args = new ArrayList<>(List.of("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", "/CN=" + commonName, "-keyout", pair.key().toString(), "-out", pair.cert().toString()));
    if (altNames.length > 0) {
      args.addAll(List.of("-addext", "subjectAltName=" + String.join(",", altNames)));
    }
    openssl(args);
    return pair;
  }

  /** Server options for a sandbox that serves {@code server}'s certificate; {@code ca} may be null. */
  public static Map<String, String> serverOptions(Pair server, Pair ca) {
    return ca == null ? Map.of("ssl-cert", server.cert().toString(), "ssl-key", server.key().toString())
        : Map.of("ssl-cert", server.cert().toString(), "ssl-key", server.key().toString(),
            "ssl-ca", ca.cert().toString());
  }

  /** {@code server} as a PKCS12 key store, for a Java server socket in a test. */
  public static KeyStore keyStore(Path dir, Pair server, char[] password) {
    Path p12 = dir.resolve(server.cert().getFileName() + ".p12");
    openssl(List.of("pkcs12", "-export", "-in", server.cert().toString(), "-inkey", server.key().toString(),
        "-out", p12.toString(), "-passout", "pass:" + new String(password)));
    try (InputStream in = Files.newInputStream(p12)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password);
      return ks;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read " + p12 + ": " + e.getMessage(), e);
    }
  }

  private static Pair pair(Path dir, String name) {
    return new Pair(dir.resolve(name + "-cert.pem"), dir.resolve(name + "-key.pem"));
  }

  private static void openssl(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(args);
    try {
      ServerBinary.run(command);
    } catch (UncheckedIOException e) {
      throw new IllegalStateException("openssl is needed for the TLS tests (apt-get install -y openssl): "
          + e.getMessage(), e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String serial() {
    byte[] b = new byte[8];
    new SecureRandom().nextBytes(b);
    b[0] &= 0x7F;
    return HexFormat.of().formatHex(b);
  }
}
