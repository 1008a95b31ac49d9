package dev.duplex.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * One queue message: ordered, origin-tagged transactions of one (task, direction, group).
 * Its seq is the seq of its last transaction, so the dedup id of a re-sent batch that ends at
 * the same transaction is the same.
 *
 * @param origin   node whose binlog produced the changes ("a" or "b")
 * @param catchUp  inserts and updates overwrite regardless of policy (hand-over after start)
 * @param fragment which part of a transaction too large for one message, or {@link Fragment#WHOLE}
 * @param chain    where the message stands in its group's chain (formats 2 and 3); null in format 1
 */
public record Batch(int formatVersion, String task, Direction direction, String origin, String group, Seq seq,
                    BinlogRange range, BatchKind kind, boolean catchUp, Fragment fragment,
                    List<Transaction> transactions, Chain chain) {

    /** The version this build writes: 3 lets a DDL change carry its source session. */
    public static final int FORMAT_VERSION = 3;
    /** Still read: carries the {@link Chain}, but no DDL session. */
    public static final int V2 = 2;
    /** The first version, still read: no chain, so the apply side cannot see a missing message. */
    public static final int V1 = 1;

    /** A format 1 batch, without a chain (tests and messages written by older captures). */
    public Batch(int formatVersion, String task, Direction direction, String origin, String group, Seq seq,
                 BinlogRange range, BatchKind kind, boolean catchUp, Fragment fragment, List<Transaction> transactions) {
        this(formatVersion, task, direction, origin, group, seq, range, kind, catchUp, fragment, transactions, null);
    }

    public Batch {
        if (formatVersion < V1 || formatVersion > FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported batch format version " + formatVersion
                    + " (this build reads versions " + V1 + " to " + FORMAT_VERSION + ")");
        }
        if ((chain == null) != (formatVersion == V1)) {
            throw new IllegalArgumentException("format " + formatVersion + (chain == null
                    ? " batches name their chain" : " batches carry no chain"));
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

    /**
     * SQS FIFO deduplication id: task:direction:group:seq, and the chain's id where there is one, at
     * most 128 characters. The chain matters after {@code duplex task recover}: the rewound capture
     * sends the same seqs again under a new chain, which SQS must not drop as duplicates of the
     * messages it received in the last five minutes.
     */
    public String dedupId() {
        String id = dedupId(task, direction, group, seq);
        if (chain == null) {
            return id;
        }
        String chained = id + ":" + chain.id();
        // Too long: the task name goes first (a queue carries one task), seq and chain stay.
        return chained.length() <= 128 ? chained : chained.substring(chained.length() - 128);
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
        List<Transaction> txs = new ArrayList<>();
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
        Batch last = parts.get(parts.size() - 1);
        // A run that ends inside a transaction still ends inside it: its resume point stays before it.
        Fragment fragment = last.fragment().last() ? Fragment.WHOLE : last.fragment();
        return new Batch(first.formatVersion(), first.task(), first.direction(), first.origin(), first.group(),
                txs.get(txs.size() - 1).seq(), new BinlogRange(from, to), kind, first.catchUp(), fragment, txs,
                first.chain());
    }

    /**
     * Where a reader of the source resumes so that nothing after this batch is missed: its end,
     * or, when it ends with a fragment that is not its transaction's last, that transaction's
     * start (the rest of the transaction is re-read; seq dedup drops the fragments applied).
     */
    public BinlogPosition resumePosition() {
        return fragment.last() ? range.to() : range.from();
    }

    /**
     * Whether this batch may be applied right after {@code before}: same chain, and its predecessor
     * at or below {@code before}'s last seq, the rule the apply side checks against its checkpoint.
     */
    public boolean continues(Batch before) {
        return chain != null && before.chain() != null && chain.id().equals(before.chain().id())
                && chain.source().equals(before.chain().source()) && chain.prev().compareTo(before.seq()) <= 0;
    }

    public int rowCount() {
        return transactions.stream().mapToInt(Transaction::rowCount).sum();
    }

    /**
     * A message's place in the chain of its group: the apply side refuses one whose predecessor it
     * has not applied, so a message that never arrives stops the direction instead of being
     * skipped. A chain starts at {@link Seq#ZERO} (a new capture or a reset task) and continues
     * across restarts, full sync's hand-over to the binlog and recovery rewinds.
     *
     * @param id     the run of the task that started the chain: a capture of a task run again under
     *               the same name starts another chain, which the apply side refuses over an old checkpoint
     * @param source identity of the source server the changes were read from
     * @param prev   seq of the transaction (or fragment, or snapshot chunk) before this message's first
     *               in the group, {@link Seq#ZERO} at the chain's start
     */
    public record Chain(String id, String source, Seq prev) {
        private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,32}");

        public Chain {
            if (id == null || !ID.matcher(id).matches()) {
                throw new IllegalArgumentException("chain id must be 1 to 32 letters, digits or '-', got '" + id + "'");
            }
            Objects.requireNonNull(source, "source");
            if (source.length() > 255) {
                throw new IllegalArgumentException("source identity longer than 255 characters");
            }
            Objects.requireNonNull(prev, "prev");
        }

        public Chain after(Seq seq) {
            return new Chain(id, source, seq);
        }

        /** A new chain id: time-ordered and unique enough to tell runs of one task apart. */
        public static String newId() {
            return Long.toString(System.currentTimeMillis(), 36) + "-"
                    + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
        }
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
