package dev.duplex.precheck.checks;

import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.facts.BinlogFilters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The binlog filters of each node let through the {@code duplex} schema (its apply-checkpoint
 * rows mark transactions Duplex applied; filtered out, applied changes would be sent back: a
 * loop) and every selected database (filtered out, its changes are never captured).
 */
final class BinlogFiltersCheck extends NodeCheck {

    @Override
    public String id() {
        return "binlog-filters";
    }

    @Override
    List<CheckItem> check(PrecheckContext context, NodeProbe node) {
        String itemId = id() + "." + node.id();
        String expected = "binlog-do-db / binlog-ignore-db let the duplex schema and every selected database through";
        Optional<BinlogFilters> filters = node.facts().binlogFilters();
        if (filters.isEmpty()) {
            return List.of(CheckItem.warn(itemId, node.id(), "SHOW MASTER STATUS could not be read, so the binlog"
                    + " filters are unknown", expected, Fixes.grant("REPLICATION CLIENT", "*.*", node.facts().account())
                    + " (MariaDB: BINLOG MONITOR), or check my.cnf for binlog-do-db and binlog-ignore-db yourself"));
        }
        BinlogFilters f = filters.get();
        List<String> dropped = new ArrayList<>();
        List<String> wanted = new ArrayList<>(List.of(DuplexSchema.SCHEMA));
        wanted.addAll(context.databases(node.id()));
        for (String db : wanted) {
            if (!f.logs(db)) {
                dropped.add(db);
            }
        }
        String found = "binlog-do-db=" + String.join(",", f.doDbs()) + " binlog-ignore-db=" + String.join(",", f.ignoreDbs());
        if (dropped.isEmpty()) {
            return List.of(CheckItem.pass(itemId, node.id(), found, expected));
        }
        String fix = f.doDbs().isEmpty()
                ? "remove binlog-ignore-db=" + String.join(" and binlog-ignore-db=", dropped)
                : "add binlog-do-db=" + String.join(" and binlog-do-db=", dropped);
        return List.of(CheckItem.fail(itemId, node.id(), found + ": not logged: " + String.join(", ", dropped)
                + (dropped.contains(DuplexSchema.SCHEMA) ? " (without the duplex schema, applied changes are sent back:"
                + " a loop)" : ""), expected, fix + " under [mysqld] in my.cnf, then restart the server"));
    }
}
