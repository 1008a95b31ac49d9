package dev.duplex.precheck.checks;

import dev.duplex.core.config.SyncType;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.facts.ServerFacts;

/**
 * The destination must run the same or a later version than the source (reference). In a two-way
 * task each node is the destination of the other, so the rule is:
 * <ul>
 *   <li>same product and release series (8.0.x and 8.0.y): pass;</li>
 *   <li>MySQL 8.0+ with MariaDB: fail. Their collations (utf8mb4_0900_*), JSON storage and DDL
 *       differ, so rows and tables of one cannot always be written to the other;</li>
 *   <li>node b older than node a while schema synchronization is selected: fail, because a's
 *       table definitions are created on b as they are;</li>
 *   <li>any other difference (MySQL 5.7 with MariaDB; different series of one product): warn,
 *       since the older node receives the newer one's changes.</li>
 * </ul>
 */
final class VersionCompatibilityCheck extends PairCheck {

    static final String ID = "version-compat";
    private static final String EXPECTED = "both nodes on the same product and release series";

    @Override
    public String id() {
        return ID;
    }

    @Override
    CheckItem compare(PrecheckContext context, NodeProbe a, NodeProbe b) {
        return decide(a.facts(), b.facts(), context.syncs(SyncType.SCHEMA));
    }

    static CheckItem decide(ServerFacts a, ServerFacts b, boolean schemaSync) {
        String found = "a: " + a.describe() + "; b: " + b.describe();
        boolean sameProduct = a.flavor().mysqlFamily() == b.flavor().mysqlFamily();
        if (sameProduct && a.version().sameSeries(b.version())) {
            return CheckItem.pass(ID, CheckItem.BOTH, found, EXPECTED);
        }
        if (!sameProduct) {
            ServerFacts mysql = a.isMariaDb() ? b : a;
            if (mysql.version().atLeast(8, 0, 0)) {
                return CheckItem.fail(ID, CheckItem.BOTH, found + ": MySQL 8 and MariaDB differ in collations"
                        + " (utf8mb4_0900_*), JSON storage and DDL", EXPECTED,
                        "synchronize MySQL with MySQL and MariaDB with MariaDB, at the same release series");
            }
            return CheckItem.warn(ID, CheckItem.BOTH, found + ": MySQL and MariaDB mixed", EXPECTED,
                    "run both nodes on one product; if you keep the mix, use types and collations both support");
        }
        ServerFacts older = a.version().compareTo(b.version()) < 0 ? a : b;
        String olderNode = older == a ? "a" : "b";
        String upgrade = "upgrade node " + olderNode + " to the release series of node " + ("a".equals(olderNode) ? "b" : "a");
        if (older == b && schemaSync) {
            return CheckItem.fail(ID, CheckItem.BOTH, found + ": node b is older, and schema synchronization"
                    + " creates node a's tables on it", EXPECTED, upgrade + ", or create the tables on b yourself"
                    + " and remove schema from sync.types");
        }
        return CheckItem.warn(ID, CheckItem.BOTH, found + ": node " + olderNode + " is older and receives the"
                + " other's changes", EXPECTED, upgrade);
    }
}
