package dev.duplex.core.config;

/** TLS to a node, with the meaning of MySQL Connector/J sslMode. */
public enum TlsMode implements Coded {
    DISABLED("disabled"), PREFERRED("preferred"), REQUIRED("required"),
    VERIFY_CA("verify-ca"), VERIFY_IDENTITY("verify-identity");

    private final String code;

    TlsMode(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    /** Whether the server's certificate must chain to a trusted CA (the modes that use tlsCa). */
    public boolean verifiesCertificate() {
        return this == VERIFY_CA || this == VERIFY_IDENTITY;
    }
}
