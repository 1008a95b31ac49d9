package dev.duplex.core.error;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The one place that decides whether a failure is worth retrying. */
public final class ErrorClassifier {

    /** Server errors that a retry can get past. */
    private static final Set<Integer> RETRIABLE_MYSQL_CODES = Set.of(
            1205, // ER_LOCK_WAIT_TIMEOUT
            1213, // ER_LOCK_DEADLOCK
            1040, // ER_CON_COUNT_ERROR: too many connections
            1053, // ER_SERVER_SHUTDOWN
            1927, // MariaDB: connection was killed
            2002, 2003, 2006, 2013, // client: cannot connect, server gone, lost connection
            3024  // ER_QUERY_TIMEOUT
    );

    public enum Verdict { RETRY, FAIL }

    private ErrorClassifier() {}

    public static Verdict classify(Throwable t) {
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

    public static boolean isRetriable(Throwable t) {
        return classify(t) == Verdict.RETRY;
    }

    private static Verdict classifyOne(Throwable c) {
        return switch (c) {
            case RetriableException r -> Verdict.RETRY;
            case DuplexException d -> Verdict.FAIL;
            case SQLException s -> classifySql(s);
            // AWS (SQS, DynamoDB): throttling and server-side errors pass; a refused request does not.
            case AwsServiceException a -> a.isThrottlingException() || a.statusCode() >= 500 ? Verdict.RETRY : Verdict.FAIL;
            case SdkClientException e -> Verdict.RETRY;
            case ConnectException e -> Verdict.RETRY;
            case SocketTimeoutException e -> Verdict.RETRY;
            case SocketException e -> Verdict.RETRY;
            case java.io.EOFException e -> Verdict.RETRY;
            case IOException e -> null;
            default -> null;
        };
    }

    private static Verdict classifySql(SQLException s) {
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
}
