package dev.duplex.capture.source;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MariaDbGtidsTest {
    @Test
    void shouldFindEveryDomainReachedWhateverServerWroteItLast() {
        assertTrue(MariaDbGtids.contains("0-1-57,1-2-9", "0-1-50"));
        assertTrue(MariaDbGtids.contains("0-3-60", "0-1-57"), "a failover within the domain keeps counting");
        assertTrue(MariaDbGtids.contains("0-1-57", ""));
    }

    @Test
    void shouldMissGtidsAfterAResetOrInADomainTheServerNeverHad() {
        assertFalse(MariaDbGtids.contains("", "0-1-57"), "RESET MASTER empties gtid_binlog_state");
        assertFalse(MariaDbGtids.contains("0-1-3", "0-1-57"));
        assertFalse(MariaDbGtids.contains("0-1-99", "0-1-57,2-1-1"));
    }

    @Test
    void shouldRefuseTextThatIsNoMariaDbGtid() {
        assertThrows(IllegalArgumentException.class, () -> MariaDbGtids.contains("", "3e11fa47-71ca:1-5"));
    }
}
