package dev.duplex.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalServicesTest {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Test
    void shouldKeepFailingMessagesOutOfTheDlqForTheWholeRetryWindow() {
        for (int minutes : new int[] {10, 30, 166, 167, 720, 1440}) {
            Redelivery r = Redelivery.forRetryWindow(minutes, TEN_SECONDS);
            assertTrue(r.span().toMinutes() >= minutes, minutes + " min window: " + r + " spans " + r.span());
            assertTrue(r.maxReceiveCount() <= 1000, "SQS allows at most 1000 receives: " + r);
        }
    }

    @Test
    void shouldRetryAtTheVisibilityTimeoutWhileTheWindowFitsInTheReceiveLimit() {
        Redelivery r = Redelivery.forRetryWindow(30, TEN_SECONDS);
        assertEquals(TEN_SECONDS, r.ceiling());
        assertEquals(181, r.maxReceiveCount());
        assertEquals(TEN_SECONDS, r.pauseAfter(100));
    }

    @Test
    void shouldRetrySoonAtFirstAndLessOftenLaterForALongWindow() {
        Redelivery r = Redelivery.forRetryWindow(720, TEN_SECONDS);
        assertEquals(1000, r.maxReceiveCount());
        assertEquals(TEN_SECONDS, r.pauseAfter(1));
        assertEquals(Duration.ofSeconds(20), r.pauseAfter(2));
        assertEquals(r.ceiling(), r.pauseAfter(999));
        assertTrue(r.ceiling().toSeconds() < 60, "a restored target is found within a minute: " + r.ceiling());
    }

    @Test
    void shouldNeverAllowFewerThanFiveReceives() {
        assertEquals(5, Redelivery.forRetryWindow(0, TEN_SECONDS).maxReceiveCount());
    }
}
