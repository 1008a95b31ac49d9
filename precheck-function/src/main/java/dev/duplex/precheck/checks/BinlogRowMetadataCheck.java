package dev.duplex.precheck.checks;

import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;

import java.util.List;
import java.util.Optional;

/**
 * Each node logs full table metadata (column names, signedness, charsets, primary key) in its
 * table-map events. Without it capture falls back to information_schema, which is wrong for
 * events logged before a later ALTER TABLE; a warning, since Duplex still works.
 */
final class BinlogRowMetadataCheck extends NodeCheck {

    private static final String EXPECTED = "binlog_row_metadata=FULL";

    @Override
    public String id() {
        return "binlog-row-metadata";
    }

    @Override
    List<CheckItem> check(PrecheckContext context, NodeProbe node) {
        String itemId = id() + "." + node.id();
        Optional<String> value = node.facts().variable("binlog_row_metadata");
        if (value.isEmpty()) {
            return List.of(CheckItem.warn(itemId, node.id(), "binlog_row_metadata does not exist on "
                    + node.facts().describe() + "; capture reads column names from information_schema, which is wrong"
                    + " for changes logged before a later ALTER TABLE", EXPECTED,
                    "upgrade node " + node.id() + " to MySQL 8.0.1+ or MariaDB 10.5+; until then, do not run DDL on"
                            + " synchronized tables while older changes are still being captured"));
        }
        String found = "binlog_row_metadata=" + value.get();
        if (value.get().equalsIgnoreCase("FULL")) {
            return List.of(CheckItem.pass(itemId, node.id(), found, EXPECTED));
        }
        return List.of(CheckItem.warn(itemId, node.id(), found + ": capture reads column names from"
                + " information_schema, which is wrong for changes logged before a later ALTER TABLE: after an ALTER"
                + " that reorders columns of one type, rows still to be captured put their values in the wrong"
                + " columns on the other node, without an error", EXPECTED,
                Fixes.setGlobal("binlog_row_metadata", "'FULL'")));
    }
}
