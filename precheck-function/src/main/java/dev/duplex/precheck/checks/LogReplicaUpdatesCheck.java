package dev.duplex.precheck.checks;

import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.facts.ServerFacts;

import java.util.List;
import java.util.Optional;

/**
 * A node that is a replica of another server (a dual-primary cluster, another task) must log
 * what it replicates, or those changes never reach the other node. Off on a server that is not
 * a replica is a warning: it matters as soon as it becomes one.
 */
final class LogReplicaUpdatesCheck extends NodeCheck {

    @Override
    public String id() {
        return "log-replica-updates";
    }

    @Override
    List<CheckItem> check(PrecheckContext context, NodeProbe node) {
        return List.of(item(id() + "." + node.id(), node.id(), node.facts()));
    }

    static CheckItem item(String itemId, String node, ServerFacts f) {
        String name = f.variable("log_replica_updates").isPresent() ? "log_replica_updates" : "log_slave_updates";
        String value = f.variable(name).orElse("(absent)");
        String found = name + "=" + value;
        String expected = name + "=ON";
        if (ServerFacts.truthy(value)) {
            return CheckItem.pass(itemId, node, found, expected);
        }
        String fix = Fixes.restart(name, "ON");
        Optional<Boolean> replica = f.replica();
        if (replica.orElse(false)) {
            return CheckItem.fail(itemId, node, found + ", and the server replicates from another server: what it"
                    + " replicates is not in its binlog and never reaches the other node", expected, fix);
        }
        String why = replica.isPresent() ? "the server is not a replica now" : "whether it is a replica could not be"
                + " read (grant REPLICATION CLIENT or SLAVE MONITOR)";
        return CheckItem.warn(itemId, node, found + "; " + why + ", but if it becomes one (dual-primary, another task),"
                + " what it replicates will not be synchronized", expected, fix);
    }
}
