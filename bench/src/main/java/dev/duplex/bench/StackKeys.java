package dev.duplex.bench;

import java.util.List;
import java.util.Map;

/** Names a sampled stack by the library its top frame is in and the Duplex code that called it. */
final class StackKeys {
    private static final Map<String, String> LIBRARIES = Map.ofEntries(
            Map.entry("com.mysql.cj.", "MySQL JDBC driver"),
            Map.entry("com.fasterxml.jackson.", "Jackson"),
            Map.entry("software.amazon.awssdk.", "AWS SDK"),
            Map.entry("org.apache.http.", "Apache HTTP client"),
            Map.entry("com.github.shyiko.", "binlog client"),
            Map.entry("dev.duplex.", "Duplex"),
            Map.entry("org.elasticmq.", "ElasticMQ"),
            Map.entry("org.apache.pekko.", "ElasticMQ (Pekko)"),
            Map.entry("scala.", "ElasticMQ (Scala)"),
            Map.entry("spray.json.", "ElasticMQ (Scala)"),
            Map.entry("com.amazonaws.services.dynamodbv2.", "DynamoDB Local"),
            Map.entry("org.eclipse.jetty.", "Jetty"),
            Map.entry("com.almworks.sqlite4java.", "SQLite"),
            Map.entry("org.slf4j.", "logging"));

    private StackKeys() {}

    /** A frame as "package.Class.method". */
    record Frame(String className, String method) {
        String text() {
            return className + "." + method;
        }

        String shortText() {
            return className.substring(className.lastIndexOf('.') + 1) + "." + method;
        }
    }

    static String library(String className) {
        for (var e : LIBRARIES.entrySet()) {
            if (className.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        if (className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")) {
            return "JDK";
        }
        return "other";
    }

    /** The nearest Duplex frame below the top, e.g. "RowApplier.apply"; "" when none. */
    static String duplexCaller(List<Frame> topFirst) {
        for (Frame f : topFirst) {
            if (f.className().startsWith("dev.duplex.")) {
                return f.shortText();
            }
        }
        return "";
    }

    /** Whether the thread sits in a blocking socket read: it waits for the peer. */
    static boolean waitingOnNetwork(List<Frame> topFirst) {
        int depth = Math.min(topFirst.size(), 6);
        for (int i = 0; i < depth; i++) {
            Frame f = topFirst.get(i);
            boolean netClass = f.className().startsWith("sun.nio.") || f.className().startsWith("java.net.")
                    || f.className().startsWith("sun.net.");
            if (netClass && (f.method().contains("read") || f.method().contains("poll") || f.method().contains("Read"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The library doing the waiting: the first non-JDK library below the socket frames, e.g.
     * "MySQL JDBC driver" or "AWS SDK".
     */
    static String waitingFor(List<Frame> topFirst) {
        for (Frame f : topFirst) {
            String lib = library(f.className());
            if (!lib.equals("JDK") && !lib.equals("other")) {
                return lib;
            }
        }
        return "JDK";
    }
}
