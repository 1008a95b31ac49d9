package dev.duplex.precheck.checks;

import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;

import java.util.List;

/**
 * Each node logs full row images: conflict detection and the apply side need every column of
 * the before and after image, not only the changed ones.
 */
final class BinlogRowImageCheck extends NodeCheck {

    @Override
    public String id() {
        return "binlog-row-image";
    }

    @Override
    List<CheckItem> check(PrecheckContext context, NodeProbe node) {
        String itemId = id() + "." + node.id();
        String value = node.facts().variable("binlog_row_image").orElse("(absent)");
        String found = "binlog_row_image=" + value;
        if (value.equalsIgnoreCase("FULL")) {
            return List.of(CheckItem.pass(itemId, node.id(), found, "binlog_row_image=FULL"));
        }
        return List.of(CheckItem.fail(itemId, node.id(), found, "binlog_row_image=FULL",
                Fixes.setGlobal("binlog_row_image", "'FULL'") + "; open sessions keep the old value until they"
                        + " reconnect"));
    }
}
