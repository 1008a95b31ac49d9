package dev.duplex.core.wire;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.util.List;

/**
 * Column names pre-encoded for the generator. The rows of one table carry the same (immutable)
 * name lists, row after row, so recent lists are kept (a small cache by identity, a few tables at
 * once as transactions mix them) with their names quoted and escaped once, instead of escaping
 * every name of every row again. Only plain printable ASCII
 * names are pre-encoded: a pre-encoded string bypasses the factory's escapes ({@link SqsSafeEscapes}),
 * so any other name is written by the generator as before. Racy by design (the codec is shared
 * between threads): a holder is immutable and only serves the very list it was made for.
 */
final class EncodedNames {
    static final EncodedNames COLUMNS = new EncodedNames();
    static final EncodedNames KEYS = new EncodedNames();

    private record Encoded(List<String> names, SerializableString[] encoded) {}

    private static final int SLOTS = 32;
    private final Encoded[] recent = new Encoded[SLOTS];

    private EncodedNames() {}

    /** The names pre-encoded, or null when one of them is not plain ASCII (write them as strings). */
    SerializableString[] of(List<String> names) {
        int slot = System.identityHashCode(names) & (SLOTS - 1);
        Encoded e = recent[slot];
        if (e == null || e.names != names) {
            SerializableString[] encoded = new SerializableString[names.size()];
            for (int i = 0; encoded != null && i < encoded.length; i++) {
                String name = names.get(i);
                encoded = isPlain(name) ? encoded : null;
                if (encoded != null) {
                    encoded[i] = new SerializedString(name);
                }
            }
            e = new Encoded(names, encoded);
            recent[slot] = e;
        }
        return e.encoded;
    }

    private static boolean isPlain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
