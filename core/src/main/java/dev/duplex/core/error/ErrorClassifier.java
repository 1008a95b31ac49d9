package dev.duplex.core.error;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The one place that decides whether a failure is worth retrying. A retried failure is bounded by
 * the task's retry window (the capture's and the apply's own bookkeeping); once it has lasted
 * longer, the task goes FAILED, with {@link #explain} naming the cause and its fix. The table of
 * codes, and why each is where it is, is docs/errors.md.
 *
 * <p>Exceptions of an adapter's technology (the AWS SDK's) are judged by the {@link ErrorRules} its
 * module supplies, so the domain imports no SDK; see {@link ErrorRules} for how they are found.
 */
public final class ErrorClassifier {

    /** Server errors that a retry can get past. */
    private static final Set<Integer> RETRIABLE_MYSQL_CODES = Set.of(
            1205, // ER_LOCK_WAIT_TIMEOUT
            1213, // ER_LOCK_DEADLOCK
            1040, // ER_CON_COUNT_ERROR: too many connections
            1053, // ER_SERVER_SHUTDOWN
            1927, // MariaDB: connection was killed
            2002, 2003, 2006, 2013, // client: cannot connect, server gone, lost connection
            3024, // ER_QUERY_TIMEOUT (MySQL max_execution_time)
            // A node that refuses writes: during an RDS/Aurora failover or switchover the old
            // writer turns read-only before the endpoint moves on (1290 is decided by its message).
            1836, // ER_READ_ONLY_MODE
            1792, // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
            1874, // ER_INNODB_READ_ONLY
            // Full: space freed or grown (RDS storage autoscaling) lets the same write through.
            1021, // ER_DISK_FULL
            1114, // ER_RECORD_FILE_FULL: table is full
            // Interrupted: a KILL QUERY, a statement time-out, a server shutting down.
            1317, // ER_QUERY_INTERRUPTED
            1969  // MariaDB ER_STATEMENT_TIMEOUT (max_statement_time)
    );

    /** ER_OPTION_PREVENTS_STATEMENT: "running with the --X option"; retried only for the read-only options. */
    static final int ER_OPTION_PREVENTS_STATEMENT = 1290;
    private static final Set<Integer> READ_ONLY_CODES = Set.of(1836, 1792, 1874);
    private static final Set<Integer> FULL_CODES = Set.of(1021, 1114);
    private static final Set<Integer> INTERRUPTED_CODES = Set.of(1317, 1969, 3024);

    public enum Verdict { RETRY, FAIL }

    private ErrorClassifier() {}

    /** The adapters' rules, each consulted in turn after the domain's own exceptions and SQL's. */
    private static final List<ErrorRules> ADAPTERS = ServiceLoader.load(ErrorRules.class,
            ErrorClassifier.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();

    public static Verdict classify(Throwable t) {
        if (refusedAsInvalid(t)) {
            return Verdict.FAIL;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            Verdict v = classifyOne(c);
            if (v != null) {
                return v;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return Verdict.FAIL;
    }

    private static boolean refusedAsInvalid(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            for (ErrorRules adapter : ADAPTERS) {
                if (adapter.refusedAsInvalid(c)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code t} is a call cut short by an interrupt of the calling thread (an adapter's
     * client may report it its own way: the AWS SDK aborts a call on an interrupted thread): what a
     * stop does, not something the service or the server said.
     */
    public static boolean isInterruption(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof InterruptedException || c instanceof InterruptedIOException) {
                return true;
            }
            for (ErrorRules adapter : ADAPTERS) {
                if (adapter.isInterruption(c)) {
                    return true;
                }
            }
        }
        return false;
    }

    public static boolean isRetriable(Throwable t) {
        return classify(t) == Verdict.RETRY;
    }

    private static Verdict classifyOne(Throwable c) {
        Verdict own = switch (c) {
            case RetriableException r -> Verdict.RETRY;
            case DuplexException d -> Verdict.FAIL;
            case SQLException s -> classifySql(s);
            default -> null;
        };
        if (own != null || c instanceof SQLException) {
            return own;
        }
        for (ErrorRules adapter : ADAPTERS) {
            Verdict v = adapter.classify(c);
            if (v != null) {
                return v;
            }
        }
        return switch (c) {
            case ConnectException e -> Verdict.RETRY;
            case SocketTimeoutException e -> Verdict.RETRY;
            case SocketException e -> Verdict.RETRY;
            case EOFException e -> Verdict.RETRY;
            case IOException e -> null;
            default -> null;
        };
    }

    private static Verdict classifySql(SQLException s) {
        if (s.getErrorCode() == ER_OPTION_PREVENTS_STATEMENT) {
            // --read-only and --super-read-only pass with a failover; --skip-grant-tables,
            // --secure-file-priv and the like are the server's configuration: a retry meets them again.
            return mentionsReadOnly(s.getMessage()) ? Verdict.RETRY : Verdict.FAIL;
        }
        if (RETRIABLE_MYSQL_CODES.contains(s.getErrorCode())) {
            return Verdict.RETRY;
        }
        if (s instanceof SQLTransientException || s instanceof SQLRecoverableException) {
            return Verdict.RETRY;
        }
        String state = s.getSQLState();
        // Class 08: connection exceptions; 40001: serialization failure (deadlock).
        if (state != null && (state.startsWith("08") || state.equals("40001"))) {
            return Verdict.RETRY;
        }
        return s.getErrorCode() == 0 ? null : Verdict.FAIL;
    }

    /**
     * For a retried server condition that lasted too long: what it means for {@code node} and
     * how to end it, starting "node b is read-only (...)"; empty for failures without a known cause.
     */
    public static Optional<String> explain(Throwable t, String node) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException s && s.getErrorCode() != 0) {
                Optional<String> known = explainSql(s, node);
                if (known.isPresent()) {
                    return known;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> explainSql(SQLException s, String node) {
        int code = s.getErrorCode();
        String cause = "[MySQL error " + code + "] " + ErrorText.redact(code, s.getMessage());
        if (READ_ONLY_CODES.contains(code) || code == ER_OPTION_PREVENTS_STATEMENT && mentionsReadOnly(s.getMessage())) {
            return Optional.of("node " + node + " is read-only (" + cause + "): a failover or switchover made it a"
                    + " reader, or read_only was set on it. If it is to be the writer, run SET GLOBAL read_only=OFF"
                    + " on it (and super_read_only=OFF on MySQL); after a failover, point the task's node " + node
                    + " at the writer (the cluster endpoint)");
        }
        if (FULL_CODES.contains(code)) {
            return Optional.of("node " + node + " is full (" + cause + "): free or add storage on it (RDS: raise the"
                    + " allocated storage or enable storage autoscaling); for a table that is full, raise its limit"
                    + " (max_heap_table_size for MEMORY tables)");
        }
        if (INTERRUPTED_CODES.contains(code)) {
            return Optional.of("statements on node " + node + " keep being interrupted (" + cause + "): look for a"
                    + " job that kills queries, or a max_statement_time / max_execution_time shorter than the apply's"
                    + " transactions take, and lift it for the task's account; on Lambda the apply itself bounds each"
                    + " statement by the function's time-out (DUPLEX_INVOCATION_SECONDS): for statements that need"
                    + " longer, raise ApplyTimeoutSeconds");
        }
        return Optional.empty();
    }

    private static boolean mentionsReadOnly(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("read-only") || m.contains("read_only");
    }
}
