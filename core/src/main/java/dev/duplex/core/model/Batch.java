package dev.duplex.core.model;

import java.util.List;
import java.util.Objects;

/**
 * One queue message: ordered, origin-tagged transactions of one (task, direction, group).
 * Its seq is the seq of its last transaction, so the dedup id of a re-sent batch that ends at
 * the same transaction is the same.
 *
 * @param origin   node whose binlog produced the changes ("a" or "b")
 * @param catchUp  inserts and updates overwrite regardless of policy (hand-over after start)
 * @param fragment which part of a transaction too large for one message, or {@link Fragment#WHOLE}
 */
public record Batch(int formatVersion, String task, Direction direction, String origin, String group, Seq seq,
                    BinlogRange range, BatchKind kind, boolean catchUp, Fragment fragment,
                    List<Transaction> transactions) {

    public static final int FORMAT_VERSION = 1;

    public Batch {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported batch format version " + formatVersion
                    + " (this build reads version " + FORMAT_VERSION + ")");
        }
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(seq, "seq");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(kind, "kind");
        fragment = fragment == null ? Fragment.WHOLE : fragment;
        transactions = List.copyOf(transactions);
        if (transactions.isEmpty()) {
            throw new IllegalArgumentException("a batch carries at least one transaction");
        }
        Seq last = transactions.get(transactions.size() - 1).seq();
        if (!last.equals(seq)) {
            throw new IllegalArgumentException("batch seq " + seq + " must equal its last transaction's seq " + last);
        }
        for (int i = 1; i < transactions.size(); i++) {
            if (transactions.get(i - 1).seq().compareTo(transactions.get(i).seq()) >= 0) {
                throw new IllegalArgumentException("transactions of a batch must be in strictly increasing seq order");
            }
        }
    }

    /** SQS FIFO deduplication id: task:direction:group:seq, at most 128 characters. */
    public String dedupId() {
        return dedupId(task, direction, group, seq);
    }

    public static String dedupId(String task, Direction direction, String group, Seq seq) {
        String id = task + ":" + direction.code() + ":" + group + ":" + seq.text();
        if (id.length() > 128) {
            throw new IllegalArgumentException("dedup id longer than 128 characters: shorten the task name or group");
        }
        return id;
    }

    /**
     * One whole batch of consecutive batches of one group (capture joins those waiting for the
     * publisher, apply those of one event): their transactions in order, the seq of the last, a
     * range over all of them. A transaction whose seq is not above the last one taken is the same
     * transaction sent again by a resumed capture and is left out, as apply would skip it.
     */
    public static Batch join(List<Batch> parts, BatchKind kind) {
        Batch first = parts.get(0);
        List<Transaction> txs = new java.util.ArrayList<>();
        BinlogPosition from = first.range().from();
        BinlogPosition to = first.range().to();
        for (Batch b : parts) {
            from = b.range().from().compareTo(from) < 0 ? b.range().from() : from;
            to = b.range().to().compareTo(to) > 0 ? b.range().to() : to;
            for (Transaction t : b.transactions()) {
                if (txs.isEmpty() || t.seq().compareTo(txs.get(txs.size() - 1).seq()) > 0) {
                    txs.add(t);
                }
            }
        }
        return new Batch(first.formatVersion(), first.task(), first.direction(), first.origin(), first.group(),
                txs.get(txs.size() - 1).seq(), new BinlogRange(from, to), kind, first.catchUp(), Fragment.WHOLE, txs);
    }

    public int rowCount() {
        return transactions.stream().mapToInt(Transaction::rowCount).sum();
    }

    /** Position of a fragment within its transaction; {@code last} marks the final one. */
    public record Fragment(int index, boolean last) {
        public static final Fragment WHOLE = new Fragment(0, true);

        public Fragment {
            if (index < 0) {
                throw new IllegalArgumentException("fragment index must be >= 0");
            }
        }
    }
}
