package dev.duplex.capture.batch;

import dev.duplex.capture.filter.SelectedTransaction;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.HeartbeatTurns;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Cuts the capture's transactions into the batches of each FIFO message group: one
 * {@link Batcher} per group, each with a chain of its own. A transaction whose rows belong to
 * several groups is split into one part per group, every part keeping the transaction's seq (a
 * binlog position, so a re-read gives the same parts and the same dedup ids). DDL goes to the
 * default group, after every group's pending batches (the publisher holds it as a barrier:
 * {@link dev.duplex.capture.publish.ApplyBarrier}); a heartbeat goes to every group, or an idle group's lag could not be told
 * from a stuck one's: to {@link HeartbeatTurns#GROUPS} of them at the most, taking turns, so that
 * hundreds of tables' heartbeats do not take the serial publisher's every second (each group then
 * measures its latency every {@link HeartbeatTurns#period}).
 *
 * <p>Each batch leaves with its checkpoint ({@link Outgoing}): since a group may hold a part of a
 * transaction while another group's later batch is cut, the position a capture may resume from is
 * the start of the oldest transaction not wholly cut yet. After a restart, a part of a transaction
 * that began before its group's last accepted (or applied) one was sent before and is dropped.
 *
 * <p>With one group per direction (the default {@code partitioning: transaction}) this is the
 * {@link Batcher} itself, with each batch's own resume position as its checkpoint.
 */
public final class GroupedBatcher {
    private final BatchSettings settings;
    private final BinlogPosition catchUpUntil;
    private final BooleanSupplier backlog;
    private final Function<RowChange, String> groupOf;
    private final Batch.Chain seed;
    private final Map<String, Batcher> batchers = new LinkedHashMap<>();
    /** The last seq each group cut, or accepted before a restart: parts at or below it are not sent again. */
    private final Map<String, Seq> lastSeqs = new HashMap<>();
    /**
     * Where each group's first batch ever cut begins, as the checkpoint kept it and since: a
     * restart whose queue kept nothing reads again from there for a group that applied nothing.
     * Immutable, replaced when a group is new, so each {@link Outgoing} shares it.
     */
    private Map<String, BinlogPosition> starts;
    /** Where the next heartbeat's turn begins among the groups, in the order they became known. */
    private int heartbeatTurn;

    /** One group per direction: the default group of {@code settings}. */
    public GroupedBatcher(BatchSettings settings, BinlogPosition catchUpUntil, Batch.Chain chain,
                          BooleanSupplier backlog) {
        this(settings, catchUpUntil, Map.of(settings.group(), chain), backlog, row -> settings.group());
    }

    /**
     * @param chains  each known group's chain, as the checkpoint left it (null values: format 1
     *                batches, tests of packing only); a group not in it starts a chain after
     *                {@link Seq#ZERO} with the default group's chain id
     * @param groupOf the message group of a row change
     */
    public GroupedBatcher(BatchSettings settings, BinlogPosition catchUpUntil, Map<String, Batch.Chain> chains,
                          BooleanSupplier backlog, Function<RowChange, String> groupOf) {
        this(settings, catchUpUntil, chains, Map.of(), backlog, groupOf);
    }

    /** @param starts where each group's first batch began, as the checkpoint kept it ({@link Outgoing#groupStarts}) */
    public GroupedBatcher(BatchSettings settings, BinlogPosition catchUpUntil, Map<String, Batch.Chain> chains,
                          Map<String, BinlogPosition> starts, BooleanSupplier backlog,
                          Function<RowChange, String> groupOf) {
        this.settings = settings;
        this.starts = Map.copyOf(starts);
        this.catchUpUntil = catchUpUntil;
        this.backlog = backlog;
        this.groupOf = groupOf;
        this.seed = chains.get(settings.group());
        batcher(settings.group(), seed);
        chains.forEach((group, chain) -> batcher(group, chain));
    }

    /** Adds the next transaction; returns the batches complete now, in the order they must be sent. */
    public List<Outgoing> add(SelectedTransaction tx, long now) {
        List<Batch> cut = new ArrayList<>();
        if (tx.kind() == BatchKind.HEARTBEAT) {
            for (String group : heartbeatGroups()) {
                addPart(group, tx, now, cut);
            }
        } else if (tx.kind() == BatchKind.DDL) {
            // A barrier under several groups: each group's rows before the statement are cut
            // before it, so its Outgoing's groupSeqs name what must be applied first.
            if (batchers.size() > 1) {
                batchers.values().forEach(b -> cut.addAll(b.flush()));
            }
            addPart(settings.group(), tx, now, cut);
        } else {
            String only = onlyGroup(tx.transaction().changes());
            if (only != null) {
                addPart(only, tx, now, cut); // nearly always: no split, no allocation per transaction
            } else {
                split(tx).forEach((group, part) -> addPart(group, part, now, cut));
            }
        }
        return outgoing(cut);
    }

    /** The batches whose linger time is over at {@code now}. */
    public List<Outgoing> poll(long now) {
        List<Batch> cut = new ArrayList<>();
        for (Batcher b : batchers.values()) {
            cut.addAll(b.poll(now));
        }
        return outgoing(cut);
    }

    /** Every pending batch, whatever its age. */
    public List<Outgoing> flush() {
        List<Batch> cut = new ArrayList<>();
        for (Batcher b : batchers.values()) {
            cut.addAll(b.flush());
        }
        return outgoing(cut);
    }

    /** Nanoseconds until the first pending batch is due, or -1 when nothing is pending. */
    public long nanosUntilDue(long now) {
        long soonest = -1;
        for (Batcher b : batchers.values()) {
            long due = b.nanosUntilDue(now);
            if (due >= 0 && (soonest < 0 || due < soonest)) {
                soonest = due;
            }
        }
        return soonest;
    }

    public boolean hasPending() {
        return batchers.values().stream().anyMatch(Batcher::hasPending);
    }

    private void addPart(String group, SelectedTransaction part, long now, List<Batch> cut) {
        Seq sent = lastSeqs.get(group);
        if (sent != null && part.transaction().seq().compareTo(startOf(sent)) < 0) {
            return; // began before the last one sent or applied: still in the queue, or applied
        }
        cut.addAll(batcher(group, null).add(part, now));
    }

    /**
     * The seq of the transaction {@code seq} belongs to. A seq may be a fragment's (what a target
     * applied of a transaction larger than a message), so only transactions that began before that
     * one are whole behind it; that transaction itself is sent again, and the apply side skips by
     * seq the fragments it has.
     */
    private static Seq startOf(Seq seq) {
        return new Seq(seq.file(), seq.pos(), seq.phase(), 0);
    }

    /** Every group, or the next {@link HeartbeatTurns#GROUPS} of them in turn when there are more. */
    private List<String> heartbeatGroups() {
        List<String> all = List.copyOf(batchers.keySet());
        if (all.size() <= HeartbeatTurns.GROUPS) {
            return all;
        }
        List<String> turn = new ArrayList<>(HeartbeatTurns.GROUPS);
        for (int i = 0; i < HeartbeatTurns.GROUPS; i++) {
            turn.add(all.get((heartbeatTurn + i) % all.size()));
        }
        heartbeatTurn = (heartbeatTurn + HeartbeatTurns.GROUPS) % all.size();
        return turn;
    }

    /** The group every change of a transaction belongs to, or null when they belong to several. */
    private String onlyGroup(List<Change> changes) {
        String first = changes.isEmpty() ? settings.group() : groupOf(changes.get(0));
        for (int i = 1; i < changes.size(); i++) {
            if (!groupOf(changes.get(i)).equals(first)) {
                return null;
            }
        }
        return first;
    }

    /** The transaction's rows by group, each in order: one part per group, keeping the transaction's seq. */
    private Map<String, SelectedTransaction> split(SelectedTransaction tx) {
        Map<String, List<Change>> parts = new LinkedHashMap<>();
        for (Change c : tx.transaction().changes()) {
            parts.computeIfAbsent(groupOf(c), g -> new ArrayList<>()).add(c);
        }
        Map<String, SelectedTransaction> out = new LinkedHashMap<>();
        Transaction t = tx.transaction();
        parts.forEach((group, rows) -> out.put(group, new SelectedTransaction(
                new Transaction(t.seq(), t.gtid(), t.commitMicros(), rows), tx.kind(), tx.start(), tx.end(),
                tx.repair())));
        return out;
    }

    private String groupOf(Change c) {
        return c instanceof RowChange row ? groupOf.apply(row) : settings.group();
    }

    private Batcher batcher(String group, Batch.Chain chain) {
        Batcher existing = batchers.get(group);
        if (existing != null) {
            return existing;
        }
        Batch.Chain start = chain != null ? chain : seed == null ? null : new Batch.Chain(seed.id(), seed.source(), Seq.ZERO);
        if (start != null) {
            lastSeqs.put(group, start.prev());
        }
        BatchSettings own = new BatchSettings(settings.task(), settings.direction(), group, settings.maxBytes(),
                settings.linger(), settings.backlogLinger());
        Batcher b = new Batcher(own, catchUpUntil, start, backlog);
        batchers.put(group, b);
        return b;
    }

    /**
     * The batches cut by one call, each with its checkpoint: its resume position, held back to the
     * start of any batch cut after it in the same call and of any transaction still pending in a
     * group (either holds a part of a transaction that may have begun before this batch's end).
     */
    private List<Outgoing> outgoing(List<Batch> cut) {
        if (cut.isEmpty()) {
            return List.of();
        }
        BinlogPosition[] floors = new BinlogPosition[cut.size()];
        BinlogPosition later = oldestPendingStart();
        for (int i = cut.size() - 1; i >= 0; i--) {
            floors[i] = earlier(cut.get(i).resumePosition(), later);
            later = earlier(later, cut.get(i).range().from());
        }
        List<Outgoing> out = new ArrayList<>(cut.size());
        for (int i = 0; i < cut.size(); i++) {
            Batch b = cut.get(i);
            lastSeqs.put(b.group(), b.seq());
            if (!starts.containsKey(b.group())) {
                Map<String, BinlogPosition> known = new HashMap<>(starts);
                known.put(b.group(), b.range().from());
                starts = Map.copyOf(known);
            }
            out.add(new Outgoing(b, floors[i], Map.copyOf(lastSeqs), starts));
        }
        return out;
    }

    private BinlogPosition oldestPendingStart() {
        BinlogPosition oldest = null;
        for (Batcher b : batchers.values()) {
            oldest = earlier(oldest, b.oldestPendingStart());
        }
        return oldest;
    }

    private static BinlogPosition earlier(BinlogPosition a, BinlogPosition b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) <= 0 ? a : b;
    }
}
