package dev.duplex.precheck.checks;

import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.facts.ServerFacts;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * GTID settings are consistent across the pair. Positions are tracked by binlog file and
 * offset, GTIDs recorded alongside; inconsistent settings are warnings:
 * <ul>
 *   <li>two MySQL nodes: the same gtid_mode, and not a transitional one (OFF_PERMISSIVE,
 *       ON_PERMISSIVE), with enforce_gtid_consistency=ON where gtid_mode=ON;</li>
 *   <li>two MariaDB nodes: different gtid_domain_id, so each node's GTID stream stays its own;</li>
 *   <li>MySQL with MariaDB: not comparable (different GTID formats), passes.</li>
 * </ul>
 */
final class GtidCheck extends PairCheck {

    static final String ID = "gtid";
    private static final Set<String> STABLE = Set.of("ON", "OFF");

    @Override
    public String id() {
        return ID;
    }

    @Override
    CheckItem compare(PrecheckContext context, NodeProbe a, NodeProbe b) {
        return decide(a.facts(), b.facts());
    }

    static CheckItem decide(ServerFacts a, ServerFacts b) {
        if (a.isMariaDb() && b.isMariaDb()) {
            return mariaDb(a, b);
        }
        if (!a.isMariaDb() && !b.isMariaDb()) {
            return mysql(a, b);
        }
        return CheckItem.pass(ID, CheckItem.BOTH, "MySQL and MariaDB GTIDs are different formats; positions are"
                + " tracked by binlog file and offset", "consistent GTID settings");
    }

    private static CheckItem mariaDb(ServerFacts a, ServerFacts b) {
        String da = a.variable("gtid_domain_id").orElse("0").strip();
        String db = b.variable("gtid_domain_id").orElse("0").strip();
        String found = "a: gtid_domain_id=" + da + ", b: gtid_domain_id=" + db;
        String expected = "a different gtid_domain_id on each node";
        if (!da.equals(db)) {
            return CheckItem.pass(ID, CheckItem.BOTH, found, expected);
        }
        return CheckItem.warn(ID, CheckItem.BOTH, found + ": both nodes number their transactions in one GTID"
                + " domain, so a GTID position cannot tell them apart", expected,
                "on node b: " + Fixes.setGlobal("gtid_domain_id", Long.toString(parse(db) + 1)));
    }

    private static CheckItem mysql(ServerFacts a, ServerFacts b) {
        String ma = a.variable("gtid_mode").orElse("OFF").toUpperCase(Locale.ROOT);
        String mb = b.variable("gtid_mode").orElse("OFF").toUpperCase(Locale.ROOT);
        String found = "a: gtid_mode=" + ma + ", b: gtid_mode=" + mb;
        String expected = "the same gtid_mode (ON or OFF) on both nodes, with enforce_gtid_consistency=ON where it is ON";
        String fix = "set gtid_mode=ON and enforce_gtid_consistency=ON on both nodes, stepping gtid_mode through"
                + " OFF_PERMISSIVE and ON_PERMISSIVE (SET GLOBAL gtid_mode = ...), and in my.cnf";
        if (!STABLE.contains(ma) || !STABLE.contains(mb) || !ma.equals(mb)) {
            return CheckItem.warn(ID, CheckItem.BOTH, found, expected, fix);
        }
        for (ServerFacts f : List.of(a, b)) {
            String enforce = f.variable("enforce_gtid_consistency").orElse("OFF").toUpperCase(Locale.ROOT);
            if (ma.equals("ON") && !enforce.equals("ON")) {
                return CheckItem.warn(ID, CheckItem.BOTH, found + ", enforce_gtid_consistency=" + enforce, expected, fix);
            }
        }
        return CheckItem.pass(ID, CheckItem.BOTH, found, expected);
    }

    private static long parse(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
