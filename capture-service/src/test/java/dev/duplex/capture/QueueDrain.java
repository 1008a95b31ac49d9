package dev.duplex.capture;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.wire.BatchCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Receives, decodes and deletes every message of one FIFO queue, in group order. */
final class QueueDrain {
    private final SqsClient sqs;
    private final String url;
    private final BatchCodec codec = new BatchCodec();
    private final List<Batch> batches = new ArrayList<>();

    QueueDrain(SqsClient sqs, String url) {
        this.sqs = sqs;
        this.url = url;
    }

    /** Everything received so far, in the order SQS delivered it. */
    List<Batch> batches() {
        return batches;
    }

    /** Receives until {@code done} holds for the batches received so far (or fails after {@code timeout}). */
    List<Batch> until(Predicate<QueueDrain> done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(this)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; received "
                        + batches.size() + " batches, " + transactions().size() + " distinct data transactions");
            }
            receiveOnce(1);
        }
        return batches;
    }

    /** Receives until no data batch (heartbeats do not count) arrived for {@code quiet}. */
    void settle(Duration quiet) {
        long last = System.nanoTime();
        int seen = dataBatches().size();
        while (System.nanoTime() - last < quiet.toNanos()) {
            receiveOnce(1);
            if (dataBatches().size() > seen) {
                seen = dataBatches().size();
                last = System.nanoTime();
            }
        }
    }

    int receiveOnce(int waitSeconds) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                .waitTimeSeconds(waitSeconds).visibilityTimeout(60)).messages();
        for (Message m : messages) {
            batches.add(codec.decode(m.body()));
            sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
        }
        return messages.size();
    }

    /** Data (non-heartbeat) batches. */
    List<Batch> dataBatches() {
        return batches.stream().filter(b -> b.kind() != BatchKind.HEARTBEAT).toList();
    }

    /**
     * Data transactions after dedup by seq, in seq order, fragments joined back into one
     * transaction (keyed by the seq of fragment 0).
     */
    Map<Seq, Transaction> transactions() {
        Map<Seq, Transaction> bySeq = new TreeMap<>();
        for (Batch b : dataBatches()) {
            for (Transaction t : b.transactions()) {
                bySeq.putIfAbsent(t.seq(), t);
            }
        }
        return joinFragments(bySeq);
    }

    private static Map<Seq, Transaction> joinFragments(Map<Seq, Transaction> bySeq) {
        Map<Seq, Transaction> out = new TreeMap<>();
        for (Transaction t : bySeq.values()) {
            Seq first = new Seq(t.seq().file(), t.seq().pos(), t.seq().phase(), 0);
            Transaction prev = out.get(first);
            if (prev == null) {
                out.put(first, new Transaction(first, t.gtid(), t.commitMicros(), t.changes()));
            } else {
                List<Change> joined = new ArrayList<>(prev.changes());
                joined.addAll(t.changes());
                out.put(first, new Transaction(first, t.gtid(), t.commitMicros(), joined));
            }
        }
        return out;
    }

    /** Row changes of the distinct data transactions, in order. */
    List<RowChange> rows() {
        List<RowChange> rows = new ArrayList<>();
        transactions().values().forEach(t -> t.changes().forEach(c -> {
            if (c instanceof RowChange r) {
                rows.add(r);
            }
        }));
        return rows;
    }

    int rowCount() {
        return rows().size();
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
