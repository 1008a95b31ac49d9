package dev.duplex.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The two ways ElasticMQ runs: strict for tests, and for Duplex's runtime with every SQS limit
 * but the characters of a body (which Duplex's codec keeps to what SQS accepts).
 */
class EmbeddedSqsIT {
  @Test
  void shouldCheckEverythingButTheBodysCharactersInTheRuntime() {
    try (EmbeddedSqs runtime = EmbeddedSqs.startForRuntime()) {
      String url = FifoQueues.create(runtime.client(), "limits", 5, Duration.ofSeconds(30)).url();
      assertThrows(SqsException.class, () -> runtime.client().receiveMessage(b -> b.queueUrl(url)
          .maxNumberOfMessages(11)), "more than 10 messages a receive");
      send(runtime.client(), url, "2", "{\"t\":\"\uFFFE\"}");
      List<Message> got = runtime.client().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10))
          .messages();
      assertEquals(List.of("{\"t\":\"\uFFFE\"}"), got.stream().map(Message::body).toList());
    }
  }

  @Test
  void shouldRefuseABodyCharacterSqsRefusesInTests() {
    try (EmbeddedSqs strict = EmbeddedSqs.start()) {
      String url = FifoQueues.create(strict.client(), "limits", 5, Duration.ofSeconds(30)).url();
      SqsException e = assertThrows(SqsException.class, () -> send(strict.client(), url, "1", "\uFFFE"));
      assertTrue(e.getMessage().contains("InvalidMessageContents"), e.getMessage());
    }
  }

  private static void send(SqsClient sqs, String url, String dedup, String body) {
    sqs.sendMessage(b -> b.queueUrl(url).messageGroupId("g").messageDeduplicationId(dedup).messageBody(body));
  }
}
