package dev.duplex.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.RetriableException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;

class ErrorClassifierAwsTest {

    private static AwsServiceException service(int status, String code) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).message(code).build();
    }

    @Test
    void shouldRetryThrottlingAndServerErrorsOfAws() {
        assertEquals(ErrorClassifier.Verdict.RETRY, ErrorClassifier.classify(service(400, "ThrottlingException")));
        assertEquals(ErrorClassifier.Verdict.RETRY, ErrorClassifier.classify(service(500, "InternalError")));
        assertEquals(ErrorClassifier.Verdict.RETRY, ErrorClassifier.classify(service(503, "ServiceUnavailable")));
    }

    @Test
    void shouldFailRefusedAwsRequests() {
        assertEquals(ErrorClassifier.Verdict.FAIL, ErrorClassifier.classify(service(400, "AWS.SimpleQueueService.NonExistentQueue")));
        assertEquals(ErrorClassifier.Verdict.FAIL, ErrorClassifier.classify(service(403, "AccessDenied")));
    }

    @Test
    void shouldNeverRetryARequestDynamoDbRefusedAsInvalid() {
        // An item over 400 KB, an attribute too large, a bad expression: the same request is refused again.
        AwsServiceException tooLarge = service(400, "ValidationException");
        assertEquals(ErrorClassifier.Verdict.FAIL, ErrorClassifier.classify(tooLarge));
        assertEquals(ErrorClassifier.Verdict.FAIL, ErrorClassifier.classify(
                new RetriableException("cannot write the conflict log", tooLarge)), "no wrapper makes it retriable");
        assertEquals(ErrorClassifier.Verdict.FAIL, ErrorClassifier.classify(service(500, "ValidationException")),
                "whatever status an emulator gives it");
    }

    @Test
    void shouldRetryAwsClientSideFailures() {
        var e = SdkClientException.builder().message("unable to execute").cause(new ConnectException("refused")).build();
        assertEquals(ErrorClassifier.Verdict.RETRY, ErrorClassifier.classify(e));
    }

    @Test
    void shouldTakeACallTheSdkAbortedOnAnInterruptedThreadForAnInterruption() {
        var aborted = AbortedException.builder().message("Thread was interrupted").build();
        assertTrue(ErrorClassifier.isInterruption(new RetriableException("cannot poll the queue", aborted)));
        assertFalse(ErrorClassifier.isInterruption(service(503, "ServiceUnavailable")));
    }
}
