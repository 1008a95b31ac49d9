package dev.duplex.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class FifoQueuesIT {
  private static AwsEndpoints aws;
  private static SqsClient sqs;

  @BeforeAll
  static void startAws() {
    aws = AwsEndpoints.forTests();
    sqs = aws.sqs();
  }

  @AfterAll
  static void stopAws() {
    if (aws != null) {
      aws.close();
    }
  }

  @Test
  void shouldKeepFifoOrderWithinGroupAndDropRepeatedDedupId() {
    FifoQueues.FifoQueue queue = FifoQueues.create(sqs, "order", 5, Duration.ofSeconds(30));
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      // One send at a time: parallel sends to one group may be reordered, as on AWS.
      send(queue.url(), "t1:a2b:g:" + i, "batch-" + i);
      sent.add("batch-" + i);
    }
    send(queue.url(), "t1:a2b:g:10", "repeat of batch 10");

    assertEquals(sent, receiveAll(queue.url(), sent.size() + 1, Duration.ofSeconds(2)));
  }

  @Test
  void shouldMoveMessageToDeadLetterQueueAfterReceiveLimit() {
    FifoQueues.FifoQueue queue = FifoQueues.create(sqs, "poison", 2, Duration.ofSeconds(1));
    send(queue.url(), "t1:a2b:g:1", "poison pill");

    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<String> dead = List.of();
    int receives = 0;
    while (dead.isEmpty() && System.nanoTime() < deadline) {
      // Received but never deleted, as when the apply function keeps failing.
      receives += sqs.receiveMessage(b -> b.queueUrl(queue.url()).waitTimeSeconds(1)
          .maxNumberOfMessages(10)).messages().size();
      dead = receiveAll(queue.dlqUrl(), 1, Duration.ofMillis(200));
    }
    assertEquals(List.of("poison pill"), dead);
    assertEquals(2, receives, "delivered exactly maxReceiveCount times before dead-lettering");
  }

  @Test
  void shouldCreateQueuesIdempotentlyWithDuplexAttributes() {
    FifoQueues.FifoQueue first = FifoQueues.create(sqs, "twice", 3, Duration.ofSeconds(30));
    FifoQueues.FifoQueue second = FifoQueues.create(sqs, "twice.fifo", 3, Duration.ofSeconds(60));

    assertEquals(first, second);
    assertEquals("twice.fifo", second.name());
    assertEquals("twice-dlq.fifo", second.dlqName());
    var attributes = sqs.getQueueAttributes(b -> b.queueUrl(second.url())
        .attributeNames(QueueAttributeName.ALL)).attributes();
    assertEquals("true", attributes.get(QueueAttributeName.FIFO_QUEUE));
    assertEquals("false", attributes.get(QueueAttributeName.CONTENT_BASED_DEDUPLICATION));
    assertEquals("60", attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT));
    assertTrue(attributes.get(QueueAttributeName.REDRIVE_POLICY).contains("twice-dlq.fifo"));
    assertTrue(Set.of("1048576", "262144").contains(attributes.getOrDefault(
        QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1048576")), attributes.toString());
  }

  @Test
  void shouldAcceptBodiesUpToTheConfiguredMaximumSize() {
    FifoQueues.FifoQueue queue = FifoQueues.create(sqs, "large", 3, Duration.ofSeconds(30));
    // ElasticMQ does not report the attribute; it accepts what SQS accepts.
    int max = Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(queue.url())
        .attributeNames(QueueAttributeName.MAXIMUM_MESSAGE_SIZE)).attributes()
        .getOrDefault(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1048576"));
    String body = "x".repeat(max - 1024);

    send(queue.url(), "t1:a2b:g:1", body);

    assertEquals(List.of(body), receiveAll(queue.url(), 1, Duration.ofSeconds(5)));
  }

  private static void send(String url, String dedupId, String body) {
    sqs.sendMessage(b -> b.queueUrl(url).messageGroupId("a2b").messageDeduplicationId(dedupId)
        .messageBody(body));
  }

  /** Receives and deletes until {@code max} messages arrived or nothing came for {@code quiet}. */
  private static List<String> receiveAll(String url, int max, Duration quiet) {
    List<String> bodies = new ArrayList<>();
    long idleSince = System.nanoTime();
    while (bodies.size() < max && System.nanoTime() - idleSince < quiet.toNanos()) {
      List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
          .waitTimeSeconds(0)).messages();
      for (Message message : messages) {
        bodies.add(message.body());
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
        idleSince = System.nanoTime();
      }
    }
    return bodies;
  }
}
