package dev.duplex.precheck;

import java.util.Objects;

/**
 * One line of a precheck report. Never holds a password or row values: {@code found} quotes
 * server settings, object names and error messages only.
 *
 * @param id           stable id, e.g. {@code binlog-format.a} or {@code primary-key.a.shop.orders};
 *                     what the user acknowledges
 * @param node         "a", "b", or "a,b" for items about the pair
 * @param found        what the server has
 * @param expected     what Duplex needs
 * @param fix          the exact SQL or server setting that fixes it; empty when passed
 * @param ignorable    whether acknowledging the id lets the task start despite it
 * @param acknowledged whether the id was acknowledged (config or command line)
 */
public record CheckItem(String id, Status status, boolean ignorable, String node, String found, String expected,
                        String fix, boolean acknowledged) {

    public static final String BOTH = "a,b";

    public CheckItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        node = node == null ? BOTH : node;
        found = found == null ? "" : found;
        expected = expected == null ? "" : expected;
        fix = fix == null ? "" : fix;
    }

    public static CheckItem pass(String id, String node, String found, String expected) {
        return new CheckItem(id, Status.PASS, false, node, found, expected, "", false);
    }

    /** A risk that the user may accept by acknowledging {@code id}. */
    public static CheckItem warn(String id, String node, String found, String expected, String fix) {
        return new CheckItem(id, Status.WARN, true, node, found, expected, fix, false);
    }

    /** A problem that must be fixed; it cannot be acknowledged. */
    public static CheckItem fail(String id, String node, String found, String expected, String fix) {
        return new CheckItem(id, Status.FAIL, false, node, found, expected, fix, false);
    }

    /** An item that could not be evaluated because {@code reason} (e.g. its node is unreachable). */
    public static CheckItem notChecked(String id, String node, String reason, String fix) {
        return fail(id, node, "not checked: " + reason, "", fix);
    }

    public CheckItem acknowledge(boolean ack) {
        return new CheckItem(id, status, ignorable, node, found, expected, fix, ack);
    }

    /** Whether this item keeps the task from starting. */
    public boolean blocks() {
        return status != Status.PASS && !(ignorable && acknowledged);
    }
}
