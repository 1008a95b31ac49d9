package dev.duplex.precheck.checks;

import dev.duplex.core.config.NodeConfig;
import dev.duplex.core.config.TlsMode;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;

import java.util.List;

/**
 * Connections to each node are encrypted, unless they stay on this machine (loopback). Rows and
 * the account's password would otherwise cross the network in clear text.
 */
final class TlsCheck extends NodeCheck {

    @Override
    public String id() {
        return "tls";
    }

    @Override
    List<CheckItem> check(PrecheckContext context, NodeProbe node) {
        String itemId = id() + "." + node.id();
        TlsMode mode = node.config().tls();
        String cipher = node.facts().tlsCipher();
        String expected = "an encrypted connection (tls: required, verify-ca or verify-identity), or a loopback address";
        if (!cipher.isEmpty()) {
            return List.of(CheckItem.pass(itemId, node.id(), "encrypted with " + cipher + " (tls: " + mode.code() + ")",
                    expected));
        }
        String found = "not encrypted (tls: " + mode.code() + (mode == TlsMode.PREFERRED
                ? ", and the server offers no TLS" : "") + ")";
        if (isLoopback(node.config().host())) {
            return List.of(CheckItem.pass(itemId, node.id(), found + "; " + node.config().host()
                    + " is a loopback address, so nothing leaves this machine", expected));
        }
        return List.of(CheckItem.warn(itemId, node.id(), found, expected,
                "enable TLS on the server (ssl_cert, ssl_key and ssl_ca under [mysqld], then restart; RDS, Aurora and"
                        + " PolarDB have it on) and set nodes." + node.id() + ".tls: verify-identity (or required)"));
    }

    /** The rule the node's tls default uses: a host name that merely starts with "127." is not loopback. */
    static boolean isLoopback(String host) {
        return NodeConfig.isLoopback(host);
    }
}
