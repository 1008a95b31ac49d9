package dev.duplex.precheck.checks;

import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.facts.ServerFacts;

import java.util.List;
import java.util.Locale;

/**
 * JSON partial updates are off on each MySQL node: with {@code binlog_row_value_options=PARTIAL_JSON}
 * an UPDATE of a JSON column logs only a diff (PARTIAL_UPDATE_ROWS), not the value to write.
 * MariaDB has no such events.
 */
final class JsonPartialUpdatesCheck extends NodeCheck {

    private static final String EXPECTED = "binlog_row_value_options='' (full JSON values)";

    @Override
    public String id() {
        return "json-partial-updates";
    }

    @Override
    List<CheckItem> check(PrecheckContext context, NodeProbe node) {
        return List.of(item(id() + "." + node.id(), node.id(), node.facts()));
    }

    static CheckItem item(String itemId, String node, ServerFacts f) {
        if (f.isMariaDb() || f.variable("binlog_row_value_options").isEmpty()) {
            return CheckItem.pass(itemId, node, "not applicable: " + f.describe() + " never logs partial JSON updates",
                    EXPECTED);
        }
        String value = f.variable("binlog_row_value_options").get();
        String found = "binlog_row_value_options=" + (value.isEmpty() ? "''" : value);
        if (!value.toUpperCase(Locale.ROOT).contains("PARTIAL_JSON")) {
            return CheckItem.pass(itemId, node, found, EXPECTED);
        }
        return CheckItem.fail(itemId, node, found + ": JSON updates are logged as diffs capture cannot apply",
                EXPECTED, Fixes.setGlobal("binlog_row_value_options", "''"));
    }
}
