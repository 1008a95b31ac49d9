package dev.duplex.precheck.checks;

import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.facts.Flavor;
import dev.duplex.precheck.facts.ServerFacts;

import java.util.List;

/**
 * Each node writes a binlog: both are sources. On PolarDB the binlog is switched on with the
 * cluster parameter {@code loose_polar_log_bin}, seen by the server as {@code polar_log_bin}.
 */
final class BinlogEnabledCheck extends NodeCheck {

    @Override
    public String id() {
        return "binlog-enabled";
    }

    @Override
    List<CheckItem> check(PrecheckContext context, NodeProbe node) {
        return List.of(item(id() + "." + node.id(), node.id(), node.facts()));
    }

    static CheckItem item(String itemId, String node, ServerFacts f) {
        if (f.flavor() == Flavor.POLARDB) {
            boolean polar = f.variable("polar_log_bin").map(ServerFacts::truthy).orElse(f.isOn("log_bin"));
            String found = "polar_log_bin=" + f.variable("polar_log_bin").orElse("(absent)") + ", log_bin="
                    + f.variable("log_bin").orElse("(absent)");
            return polar ? CheckItem.pass(itemId, node, found, "loose_polar_log_bin=ON")
                    : CheckItem.fail(itemId, node, found, "loose_polar_log_bin=ON",
                            "set the cluster parameter loose_polar_log_bin to ON in the PolarDB console (the cluster"
                                    + " restarts), and keep the binlog for at least 7 days");
        }
        String found = "log_bin=" + f.variable("log_bin").orElse("(absent)");
        if (f.isOn("log_bin")) {
            return CheckItem.pass(itemId, node, found, "log_bin=ON");
        }
        return CheckItem.fail(itemId, node, found, "log_bin=ON", Fixes.restart("log-bin", "mysql-bin")
                + " (remove skip-log-bin / disable-log-bin; on RDS and Aurora MySQL, enable automated backups or"
                + " binlog_format in the parameter group)");
    }
}
