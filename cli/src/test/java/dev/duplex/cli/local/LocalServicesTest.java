package dev.duplex.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LocalServicesTest {

    @Test
    void shouldKeepFailingMessagesOutOfTheDlqForTheWholeRetryWindow() {
        int receives = LocalServices.maxReceiveCount(60);
        assertTrue(LocalServices.VISIBILITY_TIMEOUT.multipliedBy(receives).toMinutes() >= 60, receives + " receives");
        assertEquals(LocalServices.MAX_RECEIVE_LIMIT, LocalServices.maxReceiveCount(720), "SQS allows at most 1000");
        assertEquals(5, LocalServices.maxReceiveCount(0), "never fewer than the usual 5");
    }
}
