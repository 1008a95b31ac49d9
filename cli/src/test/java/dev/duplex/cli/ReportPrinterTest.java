package dev.duplex.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.precheck.Acknowledgements;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.PrecheckReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportPrinterTest {

    private static String print(PrecheckReport report, boolean all) {
        StringWriter text = new StringWriter();
        new ReportPrinter(new PrintWriter(text), all).print(report);
        return text.toString();
    }

    private static final List<CheckItem> ITEMS = List.of(
            CheckItem.pass("binlog-format.a", "a", "binlog_format=ROW", "binlog_format=ROW"),
            CheckItem.warn("binlog-row-metadata.b", "b", "binlog_row_metadata=MINIMAL", "binlog_row_metadata=FULL",
                    "SET GLOBAL binlog_row_metadata = 'FULL';"),
            CheckItem.fail("server-id", "a,b", "a: server_id=1, b: server_id=1: the same", "different",
                    "on node b: SET GLOBAL server_id = 2;"));

    @Test
    void shouldListEveryItemThatNeedsAttentionWithItsFix() {
        String text = print(PrecheckReport.of("shop", ITEMS, Acknowledgements.none()), false);
        assertTrue(text.contains("FAIL  server-id\n"), text);
        assertTrue(text.contains("fix:      on node b: SET GLOBAL server_id = 2;"), text);
        assertTrue(text.contains("can be acknowledged: --acknowledge binlog-row-metadata.b"), text);
        assertFalse(text.contains("binlog-format.a"), text);
        assertTrue(text.contains("1 passed, 1 warning, 1 failed"), text);
        assertTrue(text.contains("NOT PASSED, blocked by: binlog-row-metadata.b, server-id"), text);
    }

    @Test
    void shouldSayPassedAndShowAcknowledgedWarnings() {
        String text = print(PrecheckReport.of("shop", ITEMS.subList(0, 2),
                new Acknowledgements(List.of("binlog-row-metadata.b"))), true);
        assertTrue(text.contains("PASS  binlog-format.a"), text);
        assertTrue(text.contains("ACK   binlog-row-metadata.b"), text);
        assertTrue(text.contains("PASSED: the task can start."), text);
    }
}
