package dev.duplex.aws.store;

import dev.duplex.core.store.ConflictRecord.Truncated;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Keeps a DynamoDB item under its 400 KB limit by cutting its large string values. A DynamoDB
 * item's size is the UTF-8 length of its attribute names and values; the values the caller
 * names as cuttable share what the other attributes leave of the budget, the smaller ones whole
 * first, so only values too big for an even share are cut. A cut value keeps its first bytes
 * (at a character boundary) and gains two attributes: {@code <name>Bytes}, its whole UTF-8
 * length, and {@code <name>Sha256}, the hex SHA-256 of those bytes.
 */
final class ItemFit {
    /** The item's budget: under DynamoDB's 409,600 bytes with room to spare. */
    static final int DEFAULT_BUDGET = 350 * 1024;
    static final String BYTES = "Bytes";
    static final String SHA256 = "Sha256";
    /** Room kept for the attributes a cut adds (names, a 64-character hash, a number). */
    private static final int PER_CUT = 128;

    private ItemFit() {}

    /**
     * Cuts the string values of {@code cuttable} (names of attributes in {@code item}) until the
     * whole item is at most {@code budget} bytes; adds the size and hash attributes of each cut
     * and answers what was cut.
     */
    static List<Truncated> fit(Map<String, AttributeValue> item, List<String> cuttable, int budget) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        long fixed = 0;
        for (Entry<String, AttributeValue> e : item.entrySet()) {
            if (cuttable.contains(e.getKey()) && e.getValue().s() != null) {
                values.put(e.getKey(), e.getValue().s().getBytes(StandardCharsets.UTF_8));
                fixed += utf8(e.getKey()) + PER_CUT;
            } else {
                fixed += utf8(e.getKey()) + size(e.getValue());
            }
        }
        long left = Math.max(0, budget - fixed);
        List<Entry<String, byte[]>> bySize = new ArrayList<>(values.entrySet());
        bySize.sort(Comparator.comparingInt(e -> e.getValue().length));
        List<Truncated> cuts = new ArrayList<>();
        for (int i = 0; i < bySize.size(); i++) {
            Entry<String, byte[]> e = bySize.get(i);
            long share = left / (bySize.size() - i);
            byte[] whole = e.getValue();
            if (whole.length <= share) {
                left -= whole.length;
                continue;
            }
            String kept = prefix(whole, (int) share);
            left -= utf8(kept);
            Truncated cut = new Truncated(e.getKey(), whole.length, sha256(whole));
            item.put(cut.field(), AttributeValue.fromS(kept));
            item.put(cut.field() + BYTES, AttributeValue.fromN(Long.toString(cut.bytes())));
            item.put(cut.field() + SHA256, AttributeValue.fromS(cut.sha256()));
            cuts.add(cut);
        }
        return List.copyOf(cuts);
    }

    /** The cuts recorded in a stored item, for the names that were cuttable. */
    static List<Truncated> read(Map<String, AttributeValue> item, List<String> cuttable) {
        List<Truncated> out = new ArrayList<>();
        for (String name : cuttable) {
            AttributeValue bytes = item.get(name + BYTES);
            AttributeValue hash = item.get(name + SHA256);
            if (bytes != null && bytes.n() != null && hash != null && hash.s() != null) {
                out.add(new Truncated(name, Long.parseLong(bytes.n()), hash.s()));
            }
        }
        return List.copyOf(out);
    }

    /** The longest prefix of {@code utf8} of at most {@code max} bytes that ends at a character boundary. */
    static String prefix(byte[] utf8, int max) {
        int end = Math.min(max, utf8.length);
        while (end > 0 && end < utf8.length && (utf8[end] & 0xC0) == 0x80) {
            end--; // utf8[end] continues a character that starts before it: cut before that character
        }
        return new String(utf8, 0, end, StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** An attribute value's size as DynamoDB counts it, for the kinds the stores write (S, N, BOOL). */
    private static long size(AttributeValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        }
        if (v.n() != null) {
            return 21; // at most 38 digits take about 20 bytes, plus one
        }
        return 1;
    }
}
