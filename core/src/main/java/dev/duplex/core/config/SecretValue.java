package dev.duplex.core.config;

import java.util.Objects;

/**
 * A resolved secret. Its {@link #toString()} is masked so that logging a connection setting
 * or an exception cannot leak it; call {@link #reveal()} only where the driver needs it.
 */
public final class SecretValue {

    private final String value;

    public SecretValue(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretValue s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "****";
    }
}
