package dev.duplex.capture.decode;

import java.util.HashMap;
import java.util.Map;

/**
 * Collation ids (as the binlog's table-map metadata carries them) to character set names. The
 * server's own list is authoritative; the built-in ids cover the common collations so decoding
 * works before that list is loaded and in tests.
 */
public final class Collations {
    private final Map<Integer, String> charsetById;

    public Collations(Map<Integer, String> serverCharsetById) {
        Map<Integer, String> m = new HashMap<>(builtIn());
        m.putAll(serverCharsetById);
        this.charsetById = Map.copyOf(m);
    }

    public static Collations builtInOnly() {
        return new Collations(Map.of());
    }

    /** The character set of collation {@code id}, or null if unknown. */
    public String charsetOf(int id) {
        return charsetById.get(id);
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
