package dev.duplex.precheck.checks;

import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.facts.ServerFacts;
import dev.duplex.precheck.facts.ServerVersion;

import java.util.List;

/** Each node runs a version Duplex can read the binlog of: MySQL 5.7+ or MariaDB 10.5+. */
final class VersionCheck extends NodeCheck {

    static final String EXPECTED = "MySQL 5.7 or later (PolarDB for MySQL 5.7 or later), or MariaDB 10.5 or later";

    @Override
    public String id() {
        return "version";
    }

    @Override
    List<CheckItem> check(PrecheckContext context, NodeProbe node) {
        return List.of(item(id() + "." + node.id(), node.id(), node.facts()));
    }

    static CheckItem item(String itemId, String node, ServerFacts facts) {
        ServerVersion v = facts.version();
        boolean supported = facts.isMariaDb() ? v.atLeast(10, 5, 0) : v.atLeast(5, 7, 0);
        if (supported) {
            return CheckItem.pass(itemId, node, facts.describe(), EXPECTED);
        }
        return CheckItem.fail(itemId, node, facts.describe(), EXPECTED, "upgrade node " + node + " to "
                + (facts.isMariaDb() ? "MariaDB 10.11 (10.5 at least: binlog_row_metadata)" : "MySQL 8.0 or 8.4"));
    }
}
