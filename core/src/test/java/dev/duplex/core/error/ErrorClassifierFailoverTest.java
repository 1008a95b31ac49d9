package dev.duplex.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * What an RDS/Aurora failover, a switchover or a passing condition on a node produces is
 * retried (within the task's retry window, which the callers bound); the look-alikes that a
 * retry cannot fix still stop the task. Messages as MariaDB 10.11 and MySQL 8 word them.
 */
class ErrorClassifierFailoverTest {
    private static final ErrorClassifier.Verdict RETRY = ErrorClassifier.Verdict.RETRY;
    private static final ErrorClassifier.Verdict FAIL = ErrorClassifier.Verdict.FAIL;

    @Test
    void shouldRetryWritesRefusedByAReadOnlyNode() {
        assertEquals(RETRY, classify(1290, "HY000",
                "The MariaDB server is running with the --read-only option so it cannot execute this statement"));
        assertEquals(RETRY, classify(1290, "HY000",
                "The MySQL server is running with the --read-only option so it cannot execute this statement"));
        assertEquals(RETRY, classify(1290, "HY000",
                "The MySQL server is running with the --super-read-only option so it cannot execute this statement"));
        assertEquals(RETRY, classify(1836, "HY000", "Running in read-only mode"));
        assertEquals(RETRY, classify(1792, "25006", "Cannot execute statement in a READ ONLY transaction."));
        assertEquals(RETRY, classify(1874, "HY000", "InnoDB is in read only mode."));
    }

    @Test
    void shouldFailOnOtherOptionsThatPreventAStatement() {
        assertEquals(FAIL, classify(1290, "HY000",
                "The MariaDB server is running with the --skip-grant-tables option so it cannot execute this statement"));
        assertEquals(FAIL, classify(1290, "HY000",
                "The MySQL server is running with the --secure-file-priv option so it cannot execute this statement"));
        assertEquals(FAIL, classify(1290, "HY000", null));
    }

    @Test
    void shouldRetryAFullDiskOrTable() {
        assertEquals(RETRY, classify(1021, "HY000", "Disk full (/var/lib/mysql/t.ibd); waiting for someone to free"
                + " some space... (errno: 28 \"No space left on device\")"));
        assertEquals(RETRY, classify(1114, "HY000", "The table 'orders' is full"));
    }

    @Test
    void shouldRetryInterruptedStatements() {
        assertEquals(RETRY, classify(1317, "70100", "Query execution was interrupted"));
        assertEquals(RETRY, classify(1969, "70100", "Query execution was interrupted (max_statement_time exceeded)"));
        assertEquals(RETRY, classify(3024, "HY000",
                "Query execution was interrupted, maximum statement execution time exceeded"));
    }

    @Test
    void shouldRetryAConnectionLostDuringASwitchover() {
        assertEquals(RETRY, classify(2013, "HY000", "Lost connection to server during query"));
        assertEquals(RETRY, classify(2006, "HY000", "Server has gone away"));
        assertEquals(RETRY, classify(0, "08S01", "Communications link failure"));
        assertEquals(RETRY, classify(1053, "08S01", "Server shutdown in progress"));
        assertEquals(RETRY, classify(1927, "70100", "Connection was killed"));
    }

    @Test
    void shouldRetryAReadOnlyErrorWrappedByTheApply() {
        var wrapped = new IllegalStateException("applying seq 7", new SQLException(
                "The MariaDB server is running with the --read-only option so it cannot execute this statement",
                "HY000", 1290));
        assertEquals(RETRY, ErrorClassifier.classify(wrapped));
    }

    @Test
    void shouldExplainAReadOnlyNodeWithItsCauseAndFix() {
        var e = new IllegalStateException("applying seq 7", new SQLException(
                "The MariaDB server is running with the --read-only option so it cannot execute this statement",
                "HY000", 1290));
        String why = ErrorClassifier.explain(e, "b").orElseThrow();
        assertTrue(why.startsWith("node b is read-only ([MySQL error 1290] The MariaDB server is running with the"
                + " --read-only option"), why);
        assertTrue(why.contains("SET GLOBAL read_only=OFF"), why);
        assertTrue(why.contains("point the task's node b at the writer"), why);
        assertTrue(ErrorClassifier.explain(new SQLException("Running in read-only mode", "HY000", 1836), "a")
                .orElseThrow().startsWith("node a is read-only"));
    }

    @Test
    void shouldExplainFullAndInterruptedButNotOtherFailures() {
        assertTrue(ErrorClassifier.explain(new SQLException("The table 'orders' is full", "HY000", 1114), "b")
                .orElseThrow().startsWith("node b is full"));
        assertTrue(ErrorClassifier.explain(new SQLException("Query execution was interrupted", "70100", 1317), "b")
                .orElseThrow().startsWith("statements on node b keep being interrupted"));
        assertTrue(ErrorClassifier.explain(new SQLException("The MariaDB server is running with the"
                + " --skip-grant-tables option so it cannot execute this statement", "HY000", 1290), "b").isEmpty());
        assertTrue(ErrorClassifier.explain(new SQLException("Lost connection", "HY000", 2013), "b").isEmpty());
        assertTrue(ErrorClassifier.explain(new RuntimeException("?"), "b").isEmpty());
    }

    private static ErrorClassifier.Verdict classify(int code, String state, String message) {
        return ErrorClassifier.classify(new SQLException(message, state, code));
    }
}
