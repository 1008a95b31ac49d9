package dev.duplex.precheck.checks;

import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;

import java.util.List;

/** Each node logs rows, not statements: capture reads row events only. */
final class BinlogFormatCheck extends NodeCheck {

    @Override
    public String id() {
        return "binlog-format";
    }

    @Override
    List<CheckItem> check(PrecheckContext context, NodeProbe node) {
        String itemId = id() + "." + node.id();
        String value = node.facts().variable("binlog_format").orElse("(absent)");
        String found = "binlog_format=" + value;
        if (value.equalsIgnoreCase("ROW")) {
            return List.of(CheckItem.pass(itemId, node.id(), found, "binlog_format=ROW"));
        }
        return List.of(CheckItem.fail(itemId, node.id(), found, "binlog_format=ROW",
                Fixes.setGlobal("binlog_format", "'ROW'") + "; sessions already open keep the old format until"
                        + " they reconnect, so restart the applications (or the server) afterwards"));
    }
}
