package dev.duplex.core.model;

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
}
