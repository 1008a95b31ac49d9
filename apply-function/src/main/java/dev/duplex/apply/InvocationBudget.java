package dev.duplex.apply;

import dev.duplex.core.error.RetriableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

/**
 * The current invocation's time under an {@link InvocationLimit}, and the bounds it puts on the
 * target connection's statements; without a limit (the local runtime) nothing is bounded. Not
 * thread-safe: {@link ApplyContext} uses it under its own lock.
 */
final class InvocationBudget {
    /** Within the margin, before the socket time-out (half the margin later than the lock wait's bound). */
    private static final long STATEMENT_AFTER_LOCK_WAIT_SECONDS = 2;

    private InvocationLimit limit; // null: no invocation limit (the local runtime)
    private long endsNanos;
    private long boundSeconds = -1; // the statement bound the connection's session has, -1: none
    private Boolean mariaDb;

    void limit(InvocationLimit limit) {
        this.limit = limit;
    }

    /** An invocation begins: its time counts from now (wall time, not the context's clock). */
    void started() {
        if (limit != null) {
            endsNanos = System.nanoTime() + limit.invocation().toNanos();
        }
    }

    /** Whether an attempt that starts after {@code wait} still has statement time before the margin. */
    boolean timeForAnAttempt(Duration wait) {
        return limit == null || statementTime().minus(wait).compareTo(InvocationLimit.LEAST_STATEMENT_TIME) >= 0;
    }

    /** What is left of the invocation before its margin. */
    private Duration statementTime() {
        return timeLeft().minus(limit.margin());
    }

    private Duration timeLeft() {
        return Duration.ofNanos(endsNanos - System.nanoTime());
    }

    /** The statement time left in this invocation; refused (retriable) when too little is left to try. */
    Duration require() {
        if (limit == null) {
            return null;
        }
        Duration statements = statementTime();
        if (statements.compareTo(InvocationLimit.LEAST_STATEMENT_TIME) < 0) {
            throw new RetriableException("this invocation has " + Math.max(0, timeLeft().toMillis()) + " ms left of "
                    + "its " + limit.invocation().toSeconds() + " s, within the margin of " + limit.margin().toSeconds()
                    + " s kept for returning the message: it goes back to SQS before the function's time-out");
        }
        return statements;
    }

    /**
     * Bounds the session's statements by the invocation's time left minus the margin: lock waits
     * (innodb_lock_wait_timeout, error 1205), statements (MariaDB max_statement_time, 1969; MySQL
     * max_execution_time, 3024, SELECTs only) and, half the margin later, any read from the server
     * (the socket time-out, for a server that stopped answering). The session variables are set
     * again when the whole seconds left change: one round trip per message at most.
     */
    void bound(Connection c) throws SQLException {
        if (limit == null) {
            return;
        }
        Duration statements = require();
        c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE,
                timeLeft().minus(limit.margin().dividedBy(2)).toMillis()));
        long seconds = statements.toSeconds();
        if (seconds == boundSeconds) {
            return;
        }
        if (mariaDb == null) {
            mariaDb = c.getMetaData().getDatabaseProductVersion().toLowerCase(Locale.ROOT).contains("mariadb");
        }
        try (Statement st = c.createStatement()) {
            // The statement bound a little after the lock wait's, so that a lock wait reports as one (1205).
            long statement = seconds + STATEMENT_AFTER_LOCK_WAIT_SECONDS;
            st.execute("SET SESSION innodb_lock_wait_timeout = " + seconds + ", "
                    + (mariaDb ? "max_statement_time = " + statement : "max_execution_time = " + statement * 1000));
        }
        boundSeconds = seconds;
    }

    /** The connection the bounds were set on is gone: a new one starts unbounded. */
    void connectionClosed() {
        boundSeconds = -1;
        mariaDb = null;
    }
}
