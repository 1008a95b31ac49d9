package dev.duplex.precheck.checks;

import dev.duplex.core.config.DatabaseSelection;
import dev.duplex.core.config.SyncType;
import dev.duplex.core.config.TableSelection;
import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.facts.Grants;
import dev.duplex.precheck.facts.ServerFacts;

import java.util.ArrayList;
import java.util.List;

/**
 * The account of each node has what Duplex does there. Items:
 * <ul>
 *   <li>{@code privileges.N.replication}: read the binlog (both nodes are sources);</li>
 *   <li>{@code privileges.N.read}: SELECT on the selected databases (full sync, conflict checks);</li>
 *   <li>{@code privileges.N.write}: INSERT, UPDATE, DELETE there (both nodes are targets), and the
 *       duplex schema's bookkeeping;</li>
 *   <li>{@code privileges.b.create}: CREATE, ALTER, INDEX, REFERENCES (and DROP and routine
 *       privileges with DDL sync) on node b, when schema or DDL synchronization is selected.</li>
 * </ul>
 * Privileges that come through roles are not evaluated: a gap then is a warning, not a failure.
 */
final class PrivilegesCheck extends NodeCheck {

    private static final List<String> WRITE = List.of("INSERT", "UPDATE", "DELETE");
    private static final List<String> BOOKKEEPING = List.of("SELECT", "INSERT", "UPDATE", "DELETE", "CREATE");
    private static final List<String> CREATE = List.of("CREATE", "ALTER", "INDEX", "REFERENCES");
    private static final List<String> DDL = List.of("CREATE", "ALTER", "INDEX", "REFERENCES", "DROP", "CREATE VIEW",
            "CREATE ROUTINE", "ALTER ROUTINE");

    @Override
    public String id() {
        return "privileges";
    }

    @Override
    List<CheckItem> check(PrecheckContext context, NodeProbe node) {
        String prefix = id() + "." + node.id() + ".";
        ServerFacts f = node.facts();
        if (!f.grants().readable()) {
            return List.of(CheckItem.warn(prefix + "grants", node.id(), "SHOW GRANTS failed: " + f.grants().unreadable(),
                    "the account's grants can be read", "run SHOW GRANTS as " + f.account() + " and compare with"
                            + " precheck-function/README.md (privileges)"));
        }
        List<CheckItem> out = new ArrayList<>();
        out.add(replication(prefix + "replication", node.id(), f));
        List<Need> selected = selected(context, node.id());
        out.add(evaluate(prefix + "read", node.id(), f, needs(selected, List.of("SELECT")),
                "SELECT on the selected databases"));
        List<Need> write = needs(selected, WRITE);
        write.add(new Need(BOOKKEEPING, DuplexSchema.SCHEMA, null));
        out.add(evaluate(prefix + "write", node.id(), f, write,
                "INSERT, UPDATE, DELETE on the selected databases; SELECT, INSERT, UPDATE, DELETE, CREATE on duplex"));
        boolean schema = context.syncs(SyncType.SCHEMA) || context.config().sync().ddl();
        if ("b".equals(node.id()) && schema) {
            List<String> privileges = context.config().sync().ddl() ? DDL : CREATE;
            out.add(evaluate(prefix + "create", node.id(), f, needs(wholeDatabases(context, "b"), privileges),
                    String.join(", ", privileges) + " on the selected databases (schema"
                            + (context.config().sync().ddl() ? " and DDL" : "") + " synchronization)"));
        }
        return out;
    }

    private static CheckItem replication(String itemId, String node, ServerFacts f) {
        Grants g = f.grants();
        List<String> missing = new ArrayList<>();
        if (!g.hasGlobal("REPLICATION SLAVE")) {
            missing.add("REPLICATION SLAVE");
        }
        if (!g.hasGlobal("REPLICATION CLIENT") && !g.hasGlobal("BINLOG MONITOR") && !g.hasGlobal("SUPER")) {
            missing.add(f.isMariaDb() ? "BINLOG MONITOR" : "REPLICATION CLIENT");
        }
        String expected = "REPLICATION SLAVE and " + (f.isMariaDb() ? "BINLOG MONITOR" : "REPLICATION CLIENT") + " on *.*";
        if (missing.isEmpty()) {
            return CheckItem.pass(itemId, node, f.account() + " has them", expected);
        }
        return gap(itemId, node, f, "missing " + String.join(", ", missing), expected,
                Fixes.grant(String.join(", ", missing), "*.*", f.account()));
    }

    private static CheckItem evaluate(String itemId, String node, ServerFacts f, List<Need> needs, String expected) {
        List<String> missing = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        boolean ic = f.namesIgnoreCase();
        for (Need need : needs) {
            List<String> lacking = need.privileges().stream().filter(p -> need.table() == null
                    ? !f.grants().onDatabase(p, need.db(), ic)
                    : !f.grants().onTable(p, need.db(), need.table(), ic)).toList();
            if (!lacking.isEmpty()) {
                String on = need.table() == null ? Fixes.db(need.db()) : Fixes.table(need.db(), need.table());
                missing.add(String.join(", ", lacking) + " on " + on);
                fixes.add(Fixes.grant(String.join(", ", lacking), on, f.account()));
            }
        }
        if (missing.isEmpty()) {
            return CheckItem.pass(itemId, node, f.account() + " has them", expected);
        }
        return gap(itemId, node, f, "missing " + String.join("; ", missing), expected, String.join(" ", fixes));
    }

    private static CheckItem gap(String itemId, String node, ServerFacts f, String found, String expected, String fix) {
        if (f.grants().roles()) {
            return CheckItem.warn(itemId, node, found + " among the direct grants; the account also has roles, which"
                    + " precheck does not evaluate", expected, fix + " (or acknowledge " + itemId
                    + " if a default role grants it)");
        }
        return CheckItem.fail(itemId, node, found, expected, fix);
    }

    /** Databases as selected (whole, or table by table), named as on {@code node}. */
    private static List<Need> selected(PrecheckContext context, String node) {
        List<Need> out = new ArrayList<>();
        for (DatabaseSelection d : context.config().objects().databases()) {
            String db = "a".equals(node) ? d.name() : context.config().targetDatabaseName(d.name());
            if (d.isWholeDatabase()) {
                out.add(new Need(List.of(), db, null));
            }
            for (TableSelection t : d.tables()) {
                String table = "a".equals(node) ? t.name() : context.config().targetTableName(d.name(), t.name());
                out.add(new Need(List.of(), db, table));
            }
        }
        return out;
    }

    private static List<Need> wholeDatabases(PrecheckContext context, String node) {
        return context.databases(node).stream().map(db -> new Need(List.of(), db, null)).toList();
    }

    private static List<Need> needs(List<Need> objects, List<String> privileges) {
        List<Need> out = new ArrayList<>();
        objects.forEach(o -> out.add(new Need(privileges, o.db(), o.table())));
        return out;
    }

    /** Privileges needed on a database ({@code table} null) or on one table. */
    private record Need(List<String> privileges, String db, String table) {}
}
