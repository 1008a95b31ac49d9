package dev.duplex.core.config;

import static dev.duplex.core.config.ConfigTestSupport.assertOnlyProblem;
import static dev.duplex.core.config.ConfigTestSupport.parse;
import static dev.duplex.core.config.ConfigTestSupport.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerifyOptionsTest {
    private static final String LAST = "retryWindowMinutes: 720";

    @Test
    void shouldNotVerifyOnAScheduleUnlessAsked() {
        assertTrue(parse(valid(LAST, LAST)).verify().every().isEmpty());
        assertTrue(parse(valid(LAST, LAST + "\nverify:\n  schedule: off")).verify().every().isEmpty());
    }

    @Test
    void shouldReadTheScheduleInMinutesHoursOrDays() {
        VerifyOptions v = parse(valid(LAST, LAST + "\nverify:\n  schedule: 6h\n  chunkRows: 5000\n  parallel: 4")).verify();
        assertEquals(Optional.of(Duration.ofHours(6)), v.every());
        assertEquals(5000, v.chunkRows());
        assertEquals(4, v.parallel());
        assertEquals(Optional.of(Duration.ofDays(7)), parse(valid(LAST, LAST + "\nverify: {schedule: 7d}")).verify().every());
    }

    @Test
    void shouldRejectAScheduleThatIsNoIntervalOrOutOfRange() {
        assertOnlyProblem(valid(LAST, LAST + "\nverify: {schedule: hourly}"), "verify.schedule",
                "is not an interval from 1m to 30d");
        assertOnlyProblem(valid(LAST, LAST + "\nverify: {schedule: 30s}"), "verify.schedule",
                "is not an interval from 1m to 30d");
        assertOnlyProblem(valid(LAST, LAST + "\nverify: {every: 6h}"), "verify.every", "unknown key 'every'");
    }
}
