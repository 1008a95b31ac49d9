package dev.duplex.precheck.checks;

import dev.duplex.precheck.Check;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;

import java.util.ArrayList;
import java.util.List;

/**
 * A check of each node on its own, e.g. a setting every binlog source needs. An unreachable
 * node gets one failed "not checked" item under {@code id.node}.
 */
abstract class NodeCheck implements Check {

    @Override
    public List<CheckItem> run(PrecheckContext context) {
        List<CheckItem> out = new ArrayList<>();
        for (NodeProbe node : context.nodes()) {
            if (!appliesTo(context, node)) {
                continue;
            }
            out.addAll(node.reachable() ? check(context, node) : List.of(notChecked(id() + "." + node.id(), node)));
        }
        return out;
    }

    /** Whether the check concerns {@code node} at all (e.g. schema checks only node b). */
    boolean appliesTo(PrecheckContext context, NodeProbe node) {
        return true;
    }

    abstract List<CheckItem> check(PrecheckContext context, NodeProbe node);

    static CheckItem notChecked(String itemId, NodeProbe node) {
        return CheckItem.notChecked(itemId, node.id(), "node " + node.id() + " is unreachable (see connectivity."
                + node.id() + ")", "fix connectivity." + node.id() + ", then run the precheck again");
    }
}
