package dev.duplex.capture.decode;

import java.util.HashMap;
import java.util.Map;

/**
 * Collation ids (as the binlog's table-map metadata and QUERY events carry them) to character set
 * names and collation names. The server's own list is authoritative; the built-in ids cover the
 * common collations so decoding works before that list is loaded and in tests.
 */
public final class Collations {
    private final Map<Integer, String> charsetById;
    private final Map<Integer, String> nameById;

    public Collations(Map<Integer, String> serverCharsetById) {
        this(serverCharsetById, Map.of());
    }

    /** @param serverNameById collation id to its full name (e.g. utf8mb4_uca1400_ai_ci) as the server lists it */
    public Collations(Map<Integer, String> serverCharsetById, Map<Integer, String> serverNameById) {
        Map<Integer, String> m = new HashMap<>(builtIn());
        m.putAll(serverCharsetById);
        this.charsetById = Map.copyOf(m);
        Map<Integer, String> n = new HashMap<>(builtInNames());
        n.putAll(serverNameById);
        this.nameById = Map.copyOf(n);
    }

    public static Collations builtInOnly() {
        return new Collations(Map.of());
    }

    /** The character set of collation {@code id}, or null if unknown. */
    public String charsetOf(int id) {
        return charsetById.get(id);
    }

    /** The name of collation {@code id}, or null if unknown. */
    public String nameOf(int id) {
        return nameById.get(id);
    }

    /** Ids that name the same collation on MySQL and MariaDB (the utf8mb3 ones are named differently by version). */
    private static Map<Integer, String> builtInNames() {
        return Map.of(8, "latin1_swedish_ci", 47, "latin1_bin", 45, "utf8mb4_general_ci", 46, "utf8mb4_bin",
                224, "utf8mb4_unicode_ci", 63, "binary", 11, "ascii_general_ci", 65, "ascii_bin");
    }

    private static Map<Integer, String> builtIn() {
        Map<Integer, String> m = new HashMap<>();
        for (int id : new int[] {5, 8, 15, 31, 47, 48, 49, 94}) {
            m.put(id, "latin1");
        }
        for (int id : new int[] {33, 83, 192, 193, 194, 195, 196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206,
                207, 208, 209, 210, 211, 212, 213, 214, 215, 223, 76}) {
            m.put(id, "utf8mb3");
        }
        for (int id = 224; id <= 247; id++) {
            m.put(id, "utf8mb4");
        }
        for (int id = 255; id <= 323; id++) {
            m.put(id, "utf8mb4");
        }
        m.put(45, "utf8mb4");
        m.put(46, "utf8mb4");
        m.put(63, "binary");
        m.put(11, "ascii");
        m.put(65, "ascii");
        return m;
    }
}
