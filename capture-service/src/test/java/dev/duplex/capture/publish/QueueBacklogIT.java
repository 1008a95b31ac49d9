package dev.duplex.capture.publish;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.Direction;
import dev.duplex.sandbox.AwsEndpoints;
import dev.duplex.sandbox.FifoQueues;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The backlog signal read from a real FIFO queue (ElasticMQ): on with messages waiting, off once received. */
class QueueBacklogIT {
    private static AwsEndpoints aws;

    @BeforeAll
    static void start() {
        aws = AwsEndpoints.forTests();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void shouldSeeABacklogOnlyWhileEnoughMessagesWaitUnreceived() {
        String url = FifoQueues.create(aws.sqs(), "backlog-it", 5, Duration.ofSeconds(30)).url();
        QueueBacklog backlog = new QueueBacklog(aws.sqs(), url, "backlog-it", Direction.A2B);
        backlog.look();
        assertFalse(backlog.backlogged(), "an empty queue");
        send(url, QueueBacklog.BACKLOG_MESSAGES - 1, 0);
        backlog.look();
        assertFalse(backlog.backlogged(), "fewer messages than a backlog");
        send(url, 1, QueueBacklog.BACKLOG_MESSAGES - 1);
        backlog.look();
        assertTrue(backlog.backlogged(), QueueBacklog.BACKLOG_MESSAGES + " messages waiting");
        int received = 0;
        while (received < QueueBacklog.BACKLOG_MESSAGES) {
            List<Message> got = aws.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
            for (Message m : got) {
                aws.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
            received += got.size();
        }
        backlog.look();
        assertFalse(backlog.backlogged(), "the apply received and deleted them");
    }

    @Test
    void shouldCountAQueueItCannotReadAsNoBacklogWithoutFailing() {
        try (SqsClient nowhere = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:1"))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .build()) {
            QueueBacklog backlog = new QueueBacklog(nowhere, "http://127.0.0.1:1/q.fifo", "backlog-it", Direction.A2B);
            backlog.look();
            assertFalse(backlog.backlogged());
        }
    }

    private static void send(String url, int count, int from) {
        for (int i = from; i < from + count; i++) {
            String id = "m" + i;
            aws.sqs().sendMessage(b -> b.queueUrl(url).messageBody("{}").messageGroupId("a2b").messageDeduplicationId(id));
        }
    }
}
