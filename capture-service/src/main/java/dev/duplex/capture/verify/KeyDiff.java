package dev.duplex.capture.verify;

import java.util.List;

/**
 * One key whose row differs between the nodes.
 *
 * @param key     the key's values as bytes, as read from the node that has the row (bound back as such)
 * @param keyText the key for people, e.g. "(5)" or "(5, EU)"
 * @param kind    "only on a", "only on b" or "differs"
 */
public record KeyDiff(List<byte[]> key, String keyText, String kind) {
    public KeyDiff {
        key = List.copyOf(key);
    }
}
