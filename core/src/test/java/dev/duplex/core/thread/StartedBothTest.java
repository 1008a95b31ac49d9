package dev.duplex.core.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StartedBothTest {

    /** Stands for a server: knows whether it was closed and on which thread it was started. */
    private static final class Started implements AutoCloseable {
        final String thread = Thread.currentThread().getName();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void bothStartAtTheSameTimeOnTwoThreads() throws InterruptedException {
        CountDownLatch bothRunning = new CountDownLatch(2);
        StartedBoth<Started, Started> both = StartedBoth.start(() -> meet(bothRunning), () -> meet(bothRunning), "b");
        assertNotEquals(both.first().thread, both.second().thread);
        assertEquals("start-b", both.second().thread);
        assertFalse(both.first().closed.get() || both.second().closed.get());
    }

    @Test
    void whenTheFirstFailsTheSecondIsClosedOnceStarted() {
        Started[] second = new Started[1];
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> StartedBoth.start(() -> {
            throw new IllegalStateException("port taken");
        }, () -> {
            sleep(100); // still starting when the first fails: waited for, not left running
            second[0] = new Started();
            return second[0];
        }, "b"));
        assertEquals("port taken", thrown.getMessage());
        assertTrue(second[0].closed.get(), "the second start completed after the failure and was closed");
    }

    @Test
    void whenTheSecondFailsTheFirstIsClosedAndTheSecondsFailureThrown() {
        Started[] first = new Started[1];
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> StartedBoth.start(() -> {
            first[0] = new Started();
            return first[0];
        }, () -> {
            throw new IllegalArgumentException("no server binary");
        }, "b"));
        assertEquals("no server binary", thrown.getMessage());
        assertTrue(first[0].closed.get());
    }

    @Test
    void whenBothFailTheFirstsFailureCarriesTheSeconds() {
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> StartedBoth.<Started, Started>start(
                () -> {
                    sleep(100);
                    throw new IllegalStateException("a failed");
                }, () -> {
                    throw new IllegalStateException("b failed");
                }, "b"));
        assertEquals("a failed", thrown.getMessage());
        assertEquals("b failed", thrown.getSuppressed()[0].getMessage());
    }

    @Test
    void anInterruptedCallerStillWaitsForTheOtherStartAndKeepsItsInterrupt() {
        Started[] second = new Started[1];
        Thread.currentThread().interrupt();
        try {
            StartedBoth<Started, Started> both = StartedBoth.start(Started::new, () -> {
                sleep(100);
                second[0] = new Started();
                return second[0];
            }, "b");
            assertSame(second[0], both.second());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
    }

    private static Started meet(CountDownLatch bothRunning) {
        bothRunning.countDown();
        try {
            assertTrue(bothRunning.await(10, TimeUnit.SECONDS), "the other start never ran beside this one");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return new Started();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
