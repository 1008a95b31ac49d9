package dev.duplex.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class ErrorClassifierTest {

    @Test
    void shouldRetryDeadlockAndLockWaitTimeout() {
        assertEquals(ErrorClassifier.Verdict.RETRY, ErrorClassifier.classify(new SQLException("deadlock", "40001", 1213)));
        assertEquals(ErrorClassifier.Verdict.RETRY, ErrorClassifier.classify(new SQLException("wait", "HY000", 1205)));
    }

    @Test
    void shouldRetryLostConnectionFoundDeepInCauses() {
        var wrapped = new RuntimeException("apply failed", new IllegalStateException("x", new ConnectException("refused")));
        assertEquals(ErrorClassifier.Verdict.RETRY, ErrorClassifier.classify(wrapped));
        assertEquals(ErrorClassifier.Verdict.RETRY, ErrorClassifier.classify(new SQLTransientConnectionException("gone")));
        assertEquals(ErrorClassifier.Verdict.RETRY, ErrorClassifier.classify(new SQLException("gone", "08S01", 0)));
    }

    @Test
    void shouldFailOnSyntaxErrorAndDuplexFatals() {
        assertEquals(ErrorClassifier.Verdict.FAIL, ErrorClassifier.classify(new SQLException("syntax", "42000", 1064)));
        assertEquals(ErrorClassifier.Verdict.FAIL, ErrorClassifier.classify(new DecodeException("bad event")));
        assertEquals(ErrorClassifier.Verdict.FAIL, ErrorClassifier.classify(new LeaseLostException("taken")));
        assertEquals(ErrorClassifier.Verdict.FAIL, ErrorClassifier.classify(new IllegalArgumentException("?")));
    }

    @Test
    void shouldNamePositionAndErrorCodeInMessage() {
        var e = new FatalException("cannot apply", "mysql-bin.000003:777", 1146, null);
        assertEquals("cannot apply [at mysql-bin.000003:777] [MySQL error 1146]", e.getMessage());
        assertEquals(ErrorClassifier.Verdict.RETRY, ErrorClassifier.classify(new RetriableException("later")));
    }
}
