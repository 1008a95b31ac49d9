package dev.duplex.precheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrecheckReportTest {

    private static final CheckItem PASS = CheckItem.pass("binlog-format.a", "a", "binlog_format=ROW", "ROW");
    private static final CheckItem WARN = CheckItem.warn("triggers.b.shop.orders", "b", "trg", "none", "DROP TRIGGER");
    private static final CheckItem FAIL = CheckItem.fail("server-id", "a,b", "1 and 1", "different", "SET GLOBAL");

    @Test
    void shouldPassWhenEveryItemPasses() {
        assertTrue(PrecheckReport.of("t", List.of(PASS), Acknowledgements.none()).passed());
    }

    @Test
    void shouldNotPassWithAnUnacknowledgedWarning() {
        PrecheckReport report = PrecheckReport.of("t", List.of(PASS, WARN), Acknowledgements.none());
        assertFalse(report.passed());
        assertEquals(List.of(WARN.id()), report.blocking().stream().map(CheckItem::id).toList());
    }

    @Test
    void shouldPassWhenTheWarningIsAcknowledgedById() {
        PrecheckReport report = PrecheckReport.of("t", List.of(PASS, WARN),
                new Acknowledgements(List.of("triggers.b.shop.orders")));
        assertTrue(report.passed());
        assertTrue(report.item(WARN.id()).acknowledged());
    }

    @Test
    void shouldAcknowledgeEveryItemBelowAWildcard() {
        assertTrue(PrecheckReport.of("t", List.of(WARN), new Acknowledgements(List.of("triggers.b.*"))).passed());
        assertFalse(PrecheckReport.of("t", List.of(WARN), new Acknowledgements(List.of("triggers.a.*"))).passed());
    }

    @Test
    void shouldNeverLetAFailureBeAcknowledged() {
        PrecheckReport report = PrecheckReport.of("t", List.of(FAIL), new Acknowledgements(List.of("server-id")));
        assertFalse(report.passed());
        assertTrue(report.item("server-id").acknowledged());
    }

    @Test
    void shouldListAcknowledgementsThatMatchNoItem() {
        PrecheckReport report = PrecheckReport.of("t", List.of(PASS), new Acknowledgements(List.of("tls.c", "binlog-format.a")));
        assertEquals(List.of("tls.c"), report.unmatchedAcknowledgements());
    }
}
