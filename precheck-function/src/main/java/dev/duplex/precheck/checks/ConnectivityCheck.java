package dev.duplex.precheck.checks;

import dev.duplex.core.config.NodeConfig;
import dev.duplex.precheck.Check;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;

import java.util.List;
import java.util.Locale;

/** Each node accepts a connection with the configured account, password and TLS mode. */
final class ConnectivityCheck implements Check {

    private static final String EXPECTED = "a connection within 10 s with the configured account and TLS mode";

    @Override
    public String id() {
        return "connectivity";
    }

    @Override
    public List<CheckItem> run(PrecheckContext context) {
        return context.nodes().stream().map(this::item).toList();
    }

    private CheckItem item(NodeProbe node) {
        String itemId = id() + "." + node.id();
        NodeConfig cfg = node.config();
        if (node.reachable()) {
            return CheckItem.pass(itemId, node.id(), "connected to " + cfg.address() + " as "
                    + node.facts().account() + ": " + node.facts().describe(), EXPECTED);
        }
        return CheckItem.fail(itemId, node.id(), node.unreachableReason(), EXPECTED, fix(node));
    }

    static String fix(NodeProbe node) {
        NodeConfig cfg = node.config();
        String n = "nodes." + node.id();
        String reason = node.unreachableReason().toLowerCase(Locale.ROOT);
        return switch (node.errorCode()) {
            case 1045 -> "check " + n + ".user ('" + cfg.user() + "') and the secret behind " + n + ".password ("
                    + cfg.password().reference() + "); the account must exist on " + cfg.address()
                    + ": CREATE USER '" + cfg.user() + "'@'%' IDENTIFIED BY '<password>';";
            case 1130 -> "let the account connect from this machine: CREATE USER '" + cfg.user()
                    + "'@'<this machine's address>' IDENTIFIED BY '<password>'; (or '" + cfg.user() + "'@'%')";
            default -> otherFix(reason, node.tlsFailure(), n, cfg);
        };
    }

    private static String otherFix(String reason, boolean tlsFailure, String n, NodeConfig cfg) {
        if (reason.contains("environment variable") || reason.contains("secret")) {
            return "make the secret " + cfg.password().reference() + " available to the process that runs the precheck";
        }
        if (tlsFailure || reason.contains("ssl") || reason.contains("tls")) {
            return "enable TLS on the server (ssl_cert, ssl_key and ssl_ca under [mysqld], then restart); with"
                    + " verify-ca or verify-identity, set " + n + ".tlsCa to the PEM bundle of the CA that signed the"
                    + " server's certificate (for RDS and Aurora, " + NodeConfig.RDS_CA_BUNDLE + ")";
        }
        return "check that the server runs and listens on " + cfg.address() + " and that this machine can reach it"
                + " (firewall, security group, routing); correct " + n + ".host or " + n + ".port if they are wrong";
    }
}
