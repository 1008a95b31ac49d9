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
}
