package dev.duplex.precheck.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.Status;
import org.junit.jupiter.api.Test;

class ClockSkewCheckTest {

    @Test
    void shouldPassAClockOffsetWithinFiftyMillisecondsAndShowIt() {
        CheckItem item = ClockSkewCheck.item(-12_300, 400);
        assertEquals(Status.PASS, item.status());
        assertEquals("node b's clock is -12.3 ms from node a's (measured within 0.4 ms)", item.found());
    }

    @Test
    void shouldWarnPastFiftyMillisecondsWithTheMeasuredOffsetUnderAnLwwId() {
        CheckItem item = ClockSkewCheck.item(250_000, 900);
        assertEquals(Status.WARN, item.status());
        assertEquals("lww.clock", item.id());
        assertTrue(item.found().startsWith("node b's clock is +250.0 ms from node a's"), item.found());
        assertTrue(item.fix().contains("chrony"), item.fix());
    }
}
