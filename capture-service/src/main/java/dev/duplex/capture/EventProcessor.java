package dev.duplex.capture;

import dev.duplex.capture.assemble.CapturedTransaction;
import dev.duplex.capture.assemble.TransactionAssembler;
import dev.duplex.capture.batch.GroupedBatcher;
import dev.duplex.capture.batch.Outgoing;
import dev.duplex.capture.filter.TransactionSelector;
import dev.duplex.capture.reader.ReaderItem;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.error.DuplexException;
import dev.duplex.core.thread.ThreadWorker;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The middle stage, on its own thread: takes binlog events from the reader's queue, assembles
 * transactions, selects what is published (under the stored configuration of the moment, see
 * {@link TransactionSelector#follow}) and packs batches into the publisher's queue (both
 * queues bounded). It ends after the reader's last item, on stop, or on the first failure,
 * which it hands to {@code onFailure}.
 */
final class EventProcessor extends ThreadWorker {
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final BlockingQueue<ReaderItem> events;
    private final BlockingQueue<Outgoing> batches;
    private final TransactionAssembler assembler;
    private final TransactionSelector selector;
    private final Supplier<TaskConfig> config;
    private final GroupedBatcher batcher;
    private final Consumer<DuplexException> onFailure;
    private final Runnable onFirstEvent;
    private boolean received;
    /** The batcher holds transactions of a batch not cut yet: read by the publisher's thread. */
    private volatile boolean forming;

    EventProcessor(BlockingQueue<ReaderItem> events, BlockingQueue<Outgoing> batches, TransactionAssembler assembler,
                   TransactionSelector selector, Supplier<TaskConfig> config, GroupedBatcher batcher, Consumer<DuplexException> onFailure,
                   Runnable onFirstEvent, String name) {
        super(name);
        this.events = events;
        this.batches = batches;
        this.assembler = assembler;
        this.selector = selector;
        this.config = config;
        this.batcher = batcher;
        this.onFailure = onFailure;
        this.onFirstEvent = onFirstEvent;
    }

    @Override
    protected void work() {
        try {
            loop();
        } catch (InterruptedException e) {
            // stop() interrupts: unpublished work is simply read again by the next session.
        } catch (RuntimeException e) {
            onFailure.accept(Failures.typed(e));
        }
    }

    private void loop() throws InterruptedException {
        while (!stopping()) {
            long wait = batcher.nanosUntilDue(System.nanoTime());
            ReaderItem item = events.poll(wait < 0 ? IDLE_POLL_NANOS : wait, TimeUnit.NANOSECONDS);
            if (item instanceof ReaderItem.Received r) {
                if (!received) {
                    received = true;
                    onFirstEvent.run();
                }
                CapturedTransaction tx = assembler.accept(r.event());
                if (tx != null) {
                    // A transaction is selected whole under the configuration stored when its commit is read.
                    selector.follow(config.get(), tx.start());
                    var selected = selector.select(tx);
                    if (selected.isPresent()) {
                        emit(batcher.add(selected.get(), System.nanoTime()));
                    }
                }
            } else if (item instanceof ReaderItem.Failure f) {
                onFailure.accept(f.error());
                return;
            } else if (item instanceof ReaderItem.Ended) {
                return;
            }
            emit(batcher.poll(System.nanoTime()));
            forming = batcher.hasPending();
        }
    }

    /**
     * Whether a batch is being formed (transactions waiting for the linger time): more is about to
     * reach the publisher, so it is not idle. A hint only; nothing depends on it for correctness.
     */
    boolean forming() {
        return forming;
    }

    private void emit(List<Outgoing> ready) throws InterruptedException {
        for (Outgoing b : ready) {
            while (!batches.offer(b, 100, TimeUnit.MILLISECONDS)) {
                if (stopping()) {
                    return;
                }
            }
        }
    }
}
