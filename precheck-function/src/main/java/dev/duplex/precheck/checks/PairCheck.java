package dev.duplex.precheck.checks;

import dev.duplex.precheck.Check;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;

import java.util.List;

/** A check that compares the two nodes; reported as one item {@code id} about "a,b". */
abstract class PairCheck implements Check {

    @Override
    public List<CheckItem> run(PrecheckContext context) {
        NodeProbe a = context.node("a");
        NodeProbe b = context.node("b");
        for (NodeProbe n : List.of(a, b)) {
            if (!n.reachable()) {
                return List.of(CheckItem.notChecked(id(), CheckItem.BOTH, "node " + n.id() + " is unreachable (see"
                        + " connectivity." + n.id() + ")", "fix connectivity." + n.id() + ", then run the precheck again"));
            }
        }
        return List.of(compare(context, a, b));
    }

    abstract CheckItem compare(PrecheckContext context, NodeProbe a, NodeProbe b);
}
