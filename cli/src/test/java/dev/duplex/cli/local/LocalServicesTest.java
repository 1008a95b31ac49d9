package dev.duplex.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LocalServicesTest {

    @Test
    void shouldKeepFailingMessagesOutOfTheDlqForTheWholeRetryWindow() {
        int receives = LocalServices.maxReceiveCount(720);
        assertTrue(LocalServices.VISIBILITY_TIMEOUT.multipliedBy(receives).toMinutes() >= 720, receives + " receives");
        assertEquals(5, LocalServices.maxReceiveCount(0), "never fewer than the usual 5");
    }
}
