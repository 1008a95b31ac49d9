package dev.duplex.precheck.checks;

import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.facts.ServerFacts;

/**
 * server_id is set on both nodes and differs: binlog events carry it, and two servers with one
 * id cannot be told apart (a restored copy of one node behind the other address looks alike).
 */
final class ServerIdCheck extends PairCheck {

    static final String ID = "server-id";

    @Override
    public String id() {
        return ID;
    }

    @Override
    CheckItem compare(PrecheckContext context, NodeProbe a, NodeProbe b) {
        return decide(a.facts(), b.facts());
    }

    static CheckItem decide(ServerFacts a, ServerFacts b) {
        String idA = a.variable("server_id").orElse("0").strip();
        String idB = b.variable("server_id").orElse("0").strip();
        String found = "a: server_id=" + idA + ", b: server_id=" + idB;
        String expected = "server_id set (not 0) and different on the two nodes";
        if (idA.equals("0") || idB.equals("0")) {
            String node = idA.equals("0") ? "a" : "b";
            return CheckItem.fail(ID, CheckItem.BOTH, found + ": not set on node " + node, expected,
                    "on node " + node + ": " + Fixes.restart("server_id", "<a number no other server uses>"));
        }
        if (idA.equals(idB)) {
            return CheckItem.fail(ID, CheckItem.BOTH, found + ": the same", expected,
                    "on node b: " + Fixes.setGlobal("server_id", nextId(idA)) + " (every server needs its own id)");
        }
        return CheckItem.pass(ID, CheckItem.BOTH, found, expected);
    }

    private static String nextId(String id) {
        try {
            return Long.toString(Long.parseLong(id) + 1);
        } catch (NumberFormatException e) {
            return "<a number no other server uses>";
        }
    }
}
