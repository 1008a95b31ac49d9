package dev.duplex.core.config;

import static dev.duplex.core.config.ConfigTestSupport.assertOnlyProblem;
import static dev.duplex.core.config.ConfigTestSupport.parse;
import static dev.duplex.core.config.ConfigTestSupport.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ApplyOptionsTest {
    private static final String LAST = "retryWindowMinutes: 720";

    @Test
    void shouldApplyOnFourConnectionsUnlessToldOtherwise() {
        assertEquals(4, parse(valid(LAST, LAST)).apply().parallel());
        assertEquals(1, parse(valid(LAST, LAST + "\napply: {parallel: 1}")).apply().parallel());
        assertEquals(16, parse(valid(LAST, LAST + "\napply:\n  parallel: 16")).apply().parallel());
    }

    @Test
    void shouldRejectAParallelismOutOfRangeOrUnderAnotherName() {
        assertOnlyProblem(valid(LAST, LAST + "\napply: {parallel: 0}"), "apply.parallel", "1");
        assertOnlyProblem(valid(LAST, LAST + "\napply: {parallel: 17}"), "apply.parallel", "16");
        assertOnlyProblem(valid(LAST, LAST + "\napply: {threads: 8}"), "apply.threads", "unknown key 'threads'");
    }
}
