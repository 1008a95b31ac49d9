package dev.duplex.core.config;

import static dev.duplex.core.config.ConfigTestSupport.VALID;
import static dev.duplex.core.config.ConfigTestSupport.assertOnlyProblem;
import static dev.duplex.core.config.ConfigTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrecheckOptionsTest {

    @Test
    void shouldAcknowledgeNothingByDefault() {
        assertEquals(List.of(), parse(VALID).precheck().acknowledge());
    }

    @Test
    void shouldReadAcknowledgedItemIds() {
        TaskConfig task = parse(VALID + "precheck:\n  acknowledge: [binlog-row-metadata.a, \"triggers.b.*\"]\n");
        assertEquals(List.of("binlog-row-metadata.a", "triggers.b.*"), task.precheck().acknowledge());
    }

    @Test
    void shouldRejectAnEmptyAcknowledgedId() {
        assertOnlyProblem(VALID + "precheck: {acknowledge: [\"\"]}\n", "precheck.acknowledge[0]",
                "must be a precheck item id");
    }

    @Test
    void shouldSuggestAcknowledgeForAMisspeltKey() {
        var p = assertOnlyProblem(VALID + "precheck: {ignore: [tls.a]}\n", "precheck.ignore", "unknown key");
        assertEquals("did you mean 'acknowledge'?", p.fix());
    }
}
