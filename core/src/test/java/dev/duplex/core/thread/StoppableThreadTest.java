package dev.duplex.core.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StoppableThreadTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void shouldEndALoopThatReadsTheFlagWhenAskedToStop() throws InterruptedException {
        StoppableThread t = StoppableThread.daemon("loop");
        CountDownLatch looping = new CountDownLatch(1);
        t.start(() -> {
            while (!t.stopping()) {
                looping.countDown();
                Thread.onSpinWait();
            }
        });
        looping.await();
        t.stop();
        assertTrue(t.awaitStop(LONG));
    }

    @Test
    void shouldCutASleepShortWhenStoppedWithAnInterrupt() throws InterruptedException {
        StoppableThread t = StoppableThread.daemon("sleeper");
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        t.start(() -> {
            try {
                started.countDown();
                Thread.sleep(Duration.ofDays(1));
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        started.await();
        t.stopAndInterrupt();
        assertTrue(t.awaitStop(LONG));
        assertTrue(interrupted.get());
    }

    @Test
    void shouldReportAThreadStillRunningAfterTheTimeout() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        StoppableThread t = StoppableThread.daemon("stuck");
        t.start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.stop();
        assertFalse(t.awaitStop(Duration.ZERO), "the flag alone does not end a blocked thread");
        release.countDown();
        assertTrue(t.awaitStop(LONG));
    }

    @Test
    void shouldTakeANeverStartedThreadForStopped() throws InterruptedException {
        StoppableThread t = StoppableThread.daemon("idle");
        t.stopAndInterrupt();
        assertTrue(t.awaitStop(Duration.ZERO));
    }

    @Test
    void shouldRefuseASecondStartNamingTheThread() {
        StoppableThread t = StoppableThread.daemon("once");
        t.start(() -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.start(() -> { }));
        assertEquals("once was started already", e.getMessage());
    }

    @Test
    void shouldNameTheThreadAndMakeItADaemonOnlyWhenAsked() throws InterruptedException {
        AtomicReference<Thread> seen = new AtomicReference<>();
        StoppableThread d = StoppableThread.daemon("d-thread");
        d.start(() -> seen.set(Thread.currentThread()));
        assertTrue(d.awaitStop(LONG));
        assertEquals("d-thread", seen.get().getName());
        assertTrue(seen.get().isDaemon());

        StoppableThread n = StoppableThread.named("n-thread");
        n.start(() -> seen.set(Thread.currentThread()));
        assertTrue(n.awaitStop(LONG));
        assertEquals(Thread.currentThread().isDaemon(), seen.get().isDaemon(), "inherited, as new Thread does");
    }

    @Test
    void shouldAwaitAllThreadsWithinOneTimeout() throws InterruptedException {
        Thread a = Thread.ofPlatform().start(() -> { });
        Thread b = Thread.ofPlatform().start(() -> { });
        assertTrue(StoppableThread.awaitAll(List.of(a, b), LONG));
    }
}
