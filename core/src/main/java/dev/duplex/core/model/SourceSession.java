package dev.duplex.core.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The session a DDL statement ran in on the source, as its binlog event records it: the
 * statement's time and the {@link SessionVariable}s that change what it does. A variable the
 * event does not carry is absent; the target then keeps its own value, as before sessions travelled.
 *
 * @param timestampMicros the statement's time (what NOW() and CURRENT_TIMESTAMP returned on the
 *                        source), microseconds since the epoch; microseconds are 0 when the event
 *                        has none (the statement did not read them)
 * @param server          whose names {@code sql_mode} uses; MariaDB and MySQL differ in a few
 * @param variables       the values, each in {@link SessionVariable#normalize its one spelling}
 */
public record SourceSession(long timestampMicros, Server server, Map<SessionVariable, String> variables) {

    /** The source's kind of server. */
    public enum Server {
        MARIADB("mariadb"), MYSQL("mysql");

        private final String code;

        Server(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Server ofCode(String code) {
            for (Server s : values()) {
                if (s.code.equals(code)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown server '" + code + "' (mariadb or mysql)");
        }
    }

    public SourceSession {
        if (timestampMicros < 0) {
            throw new IllegalArgumentException("session timestamp " + timestampMicros + " is before 1970");
        }
        Objects.requireNonNull(server, "server");
        EnumMap<SessionVariable, String> copy = new EnumMap<>(SessionVariable.class);
        variables.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "variable"), k.normalize(v)));
        variables = Collections.unmodifiableMap(copy);
    }

    public Optional<String> value(SessionVariable variable) {
        return Optional.ofNullable(variables.get(variable));
    }

    /** The timestamp as SET TIMESTAMP takes it: seconds with six decimals. */
    public String timestampText() {
        return (timestampMicros / 1_000_000) + "." + String.format(Locale.ROOT, "%06d", timestampMicros % 1_000_000);
    }
}
