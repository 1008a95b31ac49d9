package dev.duplex.precheck.checks;

import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.facts.ServerFacts;

import java.util.List;

/**
 * Binlog compression is off on each node: capture cannot read MySQL's TRANSACTION_PAYLOAD events
 * ({@code binlog_transaction_compression}) nor MariaDB's compressed events ({@code log_bin_compress}).
 */
final class BinlogCompressionCheck extends NodeCheck {

    @Override
    public String id() {
        return "binlog-compression";
    }

    @Override
    List<CheckItem> check(PrecheckContext context, NodeProbe node) {
        return List.of(item(id() + "." + node.id(), node.id(), node.facts()));
    }

    static CheckItem item(String itemId, String node, ServerFacts f) {
        String variable = f.isMariaDb() ? "log_bin_compress" : "binlog_transaction_compression";
        if (f.variable(variable).isEmpty()) {
            return CheckItem.pass(itemId, node, variable + " does not exist on " + f.describe(), variable + "=OFF");
        }
        String found = variable + "=" + f.variable(variable).get();
        if (!f.isOn(variable)) {
            return CheckItem.pass(itemId, node, found, variable + "=OFF");
        }
        return CheckItem.fail(itemId, node, found + ": capture cannot read compressed binlog events", variable + "=OFF",
                Fixes.setGlobal(variable, "OFF") + "; events already written compressed stay unreadable, so start the"
                        + " task after a FLUSH BINARY LOGS");
    }
}
