package dev.duplex.aws;

import dev.duplex.core.error.ErrorClassifier.Verdict;
import dev.duplex.core.error.ErrorRules;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The AWS SDK's exceptions (SQS, DynamoDB, Secrets Manager) as {@link dev.duplex.core.error.ErrorClassifier} sees them. */
public final class AwsErrorRules implements ErrorRules {

    /**
     * AWS error codes of a request the service refuses as malformed (DynamoDB: an item over
     * 400 KB, an attribute too large, a bad expression). The same request is refused again, so
     * these fail wherever they are in the chain, even under a
     * {@link dev.duplex.core.error.RetriableException}: a retry would only wedge the direction
     * until its window ends.
     */
    private static final Set<String> INVALID_REQUEST_CODES = Set.of("ValidationException");

    @Override
    public Verdict classify(Throwable t) {
        return switch (t) {
            // Throttling and server-side errors pass; a refused request does not.
            case AwsServiceException a -> a.isThrottlingException() || a.statusCode() >= 500 ? Verdict.RETRY : Verdict.FAIL;
            case SdkClientException e -> Verdict.RETRY;
            default -> null;
        };
    }

    @Override
    public boolean refusedAsInvalid(Throwable t) {
        return t instanceof AwsServiceException a && a.awsErrorDetails() != null
                && INVALID_REQUEST_CODES.contains(a.awsErrorDetails().errorCode());
    }

    /** The SDK aborts a call made on an interrupted thread. */
    @Override
    public boolean isInterruption(Throwable t) {
        return t instanceof AbortedException;
    }
}
