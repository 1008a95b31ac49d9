package dev.duplex.core.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * SQS queue names of a task. Task names are at most 40 characters, so with the prefix, the
 * direction, "-dlq" and ".fifo" a name stays well inside SQS's 80-character limit.
 */
public final class QueueNames {
    public static final String PREFIX = "duplex-";

    private QueueNames() {}

    /** The FIFO queue's base name (without ".fifo") for one direction of a task. */
    public static String baseName(String task, Direction direction) {
        return PREFIX + task + "-" + direction.code();
    }

    public static String fifoName(String task, Direction direction) {
        return baseName(task, direction) + ".fifo";
    }

    /** The direction's dead-letter queue, as infra/ names it. */
    public static String deadLetterName(String task, Direction direction) {
        return baseName(task, direction) + "-dlq.fifo";
    }

    /** The default message group: one per direction, which keeps source commit order. */
    public static String defaultGroup(Direction direction) {
        return direction.code();
    }

    /**
     * The message group of a table's rows under {@code partitioning: table}: the direction, the
     * database and the table ({@code a2b.shop.orders}) when they are lower-case letters, digits and
     * '_' and fit in 64 characters (the apply checkpoint's group column, whose comparison ignores
     * case), else the direction and a hash of the exact names ({@code a2b.#3f2c...}).
     */
    public static String tableGroup(Direction direction, String database, String table) {
        String readable = direction.code() + "." + database + "." + table;
        if (readable.length() <= 64 && PLAIN.matcher(database).matches() && PLAIN.matcher(table).matches()) {
            return readable;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(
                    (database + "\u0000" + table).getBytes(StandardCharsets.UTF_8));
            return direction.code() + ".#" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static final Pattern PLAIN = Pattern.compile("[a-z0-9_]+");
}
