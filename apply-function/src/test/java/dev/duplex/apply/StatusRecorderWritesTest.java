package dev.duplex.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Seq;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A progress write never holds up applying, and what a failed one carried goes with the next. */
class StatusRecorderWritesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:10Z"), ZoneOffset.UTC);

    private final RecordingStatusStore store = new RecordingStatusStore();
    private final StatusRecorder recorder = new StatusRecorder(store, "shop", Direction.A2B, CLOCK,
            Duration.ofSeconds(1));

    @Test
    void shouldRecordAppliedMessagesWhileAStatusWriteIsStillGoingOn() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.beforeProgress = () -> {
            writing.countDown();
            await(release);
        };
        recorder.applied(Batches.dml("shop", 100), result(100, 3));
        // Threads of their own: the common pool may have one, which the blocked write would hold.
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CompletableFuture<Void> slowWrite = CompletableFuture.runAsync(recorder::writeIfDue, threads);
        assertTrue(writing.await(10, TimeUnit.SECONDS), "the write did not start");

        // The applying thread records its next message while the store has not answered yet.
        CompletableFuture<Void> next = CompletableFuture.runAsync(
            () -> recorder.applied(Batches.dml("shop", 200), result(200, 4)), threads);
        try {
            next.get(5, TimeUnit.SECONDS); // well inside the minute the write is held for
        } finally {
            release.countDown();
            slowWrite.get(10, TimeUnit.SECONDS);
            threads.shutdown();
        }
        store.beforeProgress = () -> { };
        recorder.writePending();
        assertEquals(List.of(3L, 4L), store.written.stream().map(p -> p.rowsDelta()).toList());
    }

    @Test
    void shouldWriteAFailedWritesCountersWithTheNextOne() {
        store.beforeProgress = () -> {
            throw new IllegalStateException("throttled");
        };
        recorder.applied(Batches.dml("shop", 100), result(100, 3));
        recorder.writeIfDue();
        assertTrue(store.written.isEmpty());

        store.beforeProgress = () -> { };
        recorder.applied(Batches.dml("shop", 200), result(200, 4));
        recorder.writeIfDue(); // due again: the failed write did not count as one

        assertEquals(1, store.written.size());
        assertEquals(7, store.written.get(0).rowsDelta());
        assertEquals(2, store.written.get(0).batchesDelta());
        assertEquals(Seq.ofTransaction(new BinlogPosition(Batches.FILE, 200), 0).text(),
            store.written.get(0).lastAppliedSeq(), "the newer position stays");
    }

    @Test
    void shouldLeaveTheWritesToTheBackgroundWriterOnceThereIsOne() {
        recorder.writeInBackground();
        recorder.applied(Batches.dml("shop", 100), result(100, 3));

        recorder.flushIfDue(); // what the processor calls after each event
        assertTrue(store.written.isEmpty(), "the applying thread wrote the status itself");
        recorder.writeIfDue(); // what the background writer calls
        assertEquals(1, store.written.size());
    }

    @Test
    void shouldWriteProgressBeforeAnErrorAlsoWithABackgroundWriter() {
        recorder.writeInBackground();
        recorder.applied(Batches.dml("shop", 100), result(100, 2));
        recorder.error("target unreachable");

        assertEquals(List.of("progress 2 rows", "error target unreachable"), store.events);
    }

    private static ApplyResult result(long pos, int rows) {
        return new ApplyResult(false, Seq.ofTransaction(new BinlogPosition(Batches.FILE, pos), 0), 1, rows,
            List.of(), List.of(), -1, true);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
