package dev.duplex.cli;

import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.PrecheckReport;
import dev.duplex.precheck.Status;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A precheck report for people: one block per item that needs attention (status, id, what was
 * found, what is expected, the fix), then a summary and the verdict.
 */
final class ReportPrinter {

    private final PrintWriter out;
    private final boolean all;

    ReportPrinter(PrintWriter out, boolean all) {
        this.out = out;
        this.all = all;
    }

    void print(PrecheckReport report) {
        out.printf("Precheck of task %s%n%n", report.task());
        for (CheckItem item : report.items()) {
            if (all || item.status() != Status.PASS) {
                item(item);
            }
        }
        out.printf("%d passed, %s, %d failed%n", report.count(Status.PASS),
                plural(report.count(Status.WARN), "warning"), report.count(Status.FAIL));
        if (!report.unmatchedAcknowledgements().isEmpty()) {
            out.println("acknowledged but not in this report: " + String.join(", ", report.unmatchedAcknowledgements()));
        }
        if (report.passed()) {
            out.println("PASSED: the task can start.");
        } else {
            out.println("NOT PASSED, blocked by: " + String.join(", ", report.blocking().stream().map(CheckItem::id).toList()));
            out.println("Fix each failure (failures cannot be acknowledged); accept a warning with --acknowledge ID"
                    + " or precheck.acknowledge in the configuration.");
        }
        out.flush();
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private void item(CheckItem item) {
        String label = item.status().code().toUpperCase(Locale.ROOT);
        if (item.status() == Status.WARN && item.acknowledged()) {
            label = "ACK ";
        }
        out.printf("%-4s  %s%n", label, item.id());
        out.printf("      found:    %s%n", item.found());
        if (!item.expected().isEmpty()) {
            out.printf("      expected: %s%n", item.expected());
        }
        if (!item.fix().isEmpty()) {
            out.printf("      fix:      %s%n", item.fix());
        }
        if (item.status() == Status.WARN && !item.acknowledged()) {
            out.printf("      can be acknowledged: --acknowledge %s%n", item.id());
        } else if (item.status() == Status.FAIL && item.acknowledged()) {
            out.println("      acknowledged, but a failure cannot be: fix it");
        }
        out.println();
    }
}
