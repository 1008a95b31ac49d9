package dev.duplex.core.thread;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WakeupTest {
    private static final Duration LONG = Duration.ofMinutes(10);

    @Test
    void aWakeGivenBeforeTheWaitEndsItAtOnce() throws InterruptedException {
        Wakeup w = new Wakeup();
        w.wake();
        assertTrue(w.await(LONG), "kept for the next wait: a loop that looks just after the change is not skipped");
    }

    @Test
    void aWakeDuringTheWaitEndsIt() throws InterruptedException {
        Wakeup w = new Wakeup();
        Thread waker = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            w.wake();
        });
        assertTrue(w.await(LONG));
        waker.join();
    }

    @Test
    void withoutAWakeTheWaitRunsOut() throws InterruptedException {
        assertFalse(new Wakeup().await(Duration.ofMillis(20)));
    }

    @Test
    void severalWakesBeforeOneWaitEndOnlyThatWait() throws InterruptedException {
        Wakeup w = new Wakeup();
        w.wake();
        w.wake();
        w.wake();
        assertTrue(w.await(LONG));
        assertFalse(w.await(Duration.ofMillis(20)), "one look covers every change before it");
    }
}
