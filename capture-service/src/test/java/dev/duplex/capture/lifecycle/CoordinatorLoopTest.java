package dev.duplex.capture.lifecycle;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.store.TaskState;
import dev.duplex.core.thread.Wakeup;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CoordinatorLoopTest {

    /** Counts the loop's steps. */
    private static final class CountedSteps implements CoordinatorLoop.Steps {
        final Semaphore steps = new Semaphore(0);

        @Override
        public TaskState step() {
            steps.release();
            return TaskState.FULL_SYNC;
        }

        @Override
        public void onFailure(RuntimeException e) {
            throw new AssertionError("no step fails here", e);
        }
    }

    @Test
    void aWakeMakesTheCoordinatorLookAtOnceInsteadOfAfterItsPause() throws InterruptedException {
        CountedSteps coordinator = new CountedSteps();
        Wakeup wakeup = new Wakeup();
        CoordinatorLoop loop = new CoordinatorLoop("t", coordinator, () -> true, Duration.ofHours(1), wakeup);
        loop.start();
        try {
            assertTrue(coordinator.steps.tryAcquire(30, TimeUnit.SECONDS), "the first step, at the start");
            wakeup.wake(); // the forward capture recorded its copy as ended
            assertTrue(coordinator.steps.tryAcquire(30, TimeUnit.SECONDS),
                    "the next step follows the wake, not the hour's pause");
        } finally {
            loop.stop();
            assertTrue(loop.awaitStop(Duration.ofSeconds(10)), "a stop ends the pause too");
        }
    }
}
