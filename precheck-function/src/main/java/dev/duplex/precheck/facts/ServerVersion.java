package dev.duplex.precheck.facts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server version as in {@code VERSION()}: "8.0.36", "10.11.19-MariaDB-0+deb12u1-log". */
public record ServerVersion(int major, int minor, int patch, String text) implements Comparable<ServerVersion> {

    private static final Pattern NUMBERS = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    public static ServerVersion parse(String text) {
        Matcher m = NUMBERS.matcher(text == null ? "" : text.strip());
        if (!m.find()) {
            throw new IllegalArgumentException("not a server version: " + text);
        }
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return new ServerVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch, text.strip());
    }

    public boolean atLeast(int major, int minor, int patch) {
        return compareTo(new ServerVersion(major, minor, patch, "")) >= 0;
    }

    /** Same release series, e.g. 8.0.x and 8.0.y. */
    public boolean sameSeries(ServerVersion other) {
        return major == other.major && minor == other.minor;
    }

    /** "8.0.36", without the distribution suffix. */
    public String number() {
        return major + "." + minor + "." + patch;
    }

    @Override
    public int compareTo(ServerVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }
}
