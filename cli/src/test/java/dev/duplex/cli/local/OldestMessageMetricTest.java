package dev.duplex.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class OldestMessageMetricTest {
    @Test
    void shouldNameTheServicesErrorCodeWhenAccessIsDenied() {
        var denied = AwsServiceException.builder().statusCode(403).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("AccessDenied").errorMessage("User: arn:aws:iam::1:user/ops is not authorized to perform:\n"
                        + "cloudwatch:GetMetricData").build()).build();

        assertEquals("AccessDenied: User: arn:aws:iam::1:user/ops is not authorized to perform: cloudwatch:GetMetricData",
                OldestMessageMetric.reason(denied));
    }

    @Test
    void shouldGiveTheHttpStatusWhenTheAnswerIsNotCloudWatchs() {
        var notCloudWatch = AwsServiceException.builder().statusCode(404).build();

        assertEquals("HTTP status 404 from the CloudWatch endpoint, without an AWS error",
                OldestMessageMetric.reason(notCloudWatch));
    }

    @Test
    void shouldGiveTheClientsReasonOnOneLine() {
        var refused = SdkClientException.create("Unable to execute HTTP request:\n  Connection refused");

        assertEquals("Unable to execute HTTP request: Connection refused", OldestMessageMetric.reason(refused));
    }
}
