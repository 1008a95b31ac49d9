package dev.duplex.sandbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** Creates the FIFO queue pairs Duplex sends batches through, on any SQS endpoint. */
public final class FifoQueues {
  private static final Logger LOG = LoggerFactory.getLogger(FifoQueues.class);
  /** The 1 MiB that SQS accepts since 2025; older endpoints stop at the classic 256 KiB. */
  public static final int MAX_MESSAGE_SIZE = 1_048_576;
  public static final int CLASSIC_MAX_MESSAGE_SIZE = 262_144;
  private static final int MAX_NAME_LENGTH = 80;
  private static final String FIFO = ".fifo";
  private static final String DLQ_RETENTION_SECONDS = Integer.toString(14 * 24 * 3600);

  /** Both queues' full names (with ".fifo") and URLs. */
  public record FifoQueue(String name, String url, String dlqName, String dlqUrl) {}

  private FifoQueues() {}

  /**
   * Creates (idempotently) {@code name.fifo} and its dead-letter queue {@code name-dlq.fifo},
   * redriving a message there after {@code maxReceiveCount} receives. Existing queues get the
   * given attributes. A trailing ".fifo" on {@code name} is accepted and ignored.
   */
  public static FifoQueue create(SqsClient sqs, String name, int maxReceiveCount,
      Duration visibilityTimeout) {
    String base = name.endsWith(FIFO) ? name.substring(0, name.length() - FIFO.length()) : name;
    String queueName = base + FIFO;
    String dlqName = base + "-dlq" + FIFO;
    validate(dlqName, maxReceiveCount);

    Map<QueueAttributeName, String> dlqAttributes = commonAttributes();
    dlqAttributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, DLQ_RETENTION_SECONDS);
    String dlqUrl = createWithSizeFallback(sqs, dlqName, dlqAttributes);
    String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl)
        .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);

    Map<QueueAttributeName, String> attributes = commonAttributes();
    String maxSize = dlqAttributes.get(QueueAttributeName.MAXIMUM_MESSAGE_SIZE);
    attributes.put(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, maxSize);
    attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT,
        Long.toString(visibilityTimeout.toSeconds()));
    attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
        + "\",\"maxReceiveCount\":" + maxReceiveCount + "}");
    String url = createOrUpdate(sqs, queueName, attributes);
    LOG.info("queue {} ready (dead letters to {} after {} receives, max message {} bytes)",
        queueName, dlqName, maxReceiveCount, maxSize);
    return new FifoQueue(queueName, url, dlqName, dlqUrl);
  }

  private static void validate(String longestName, int maxReceiveCount) {
    if (longestName.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("queue name '" + longestName + "' has "
          + longestName.length() + " characters but SQS allows " + MAX_NAME_LENGTH
          + ": use a shorter name");
    }
    if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
      throw new IllegalArgumentException("maxReceiveCount must be 1..1000, got " + maxReceiveCount);
    }
  }

  private static Map<QueueAttributeName, String> commonAttributes() {
    Map<QueueAttributeName, String> attributes = new HashMap<>();
    attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
    // Dedup ids are task:direction:group:seq, so a re-sent batch is recognised by its position.
    attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false");
    attributes.put(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, Integer.toString(MAX_MESSAGE_SIZE));
    return attributes;
  }

  /**
   * Creates with a 1 MiB limit, or 256 KiB where the endpoint rejects that; records the size
   * that worked in {@code attributes} so the main queue uses the same.
   */
  private static String createWithSizeFallback(SqsClient sqs, String queueName,
      Map<QueueAttributeName, String> attributes) {
    try {
      return createOrUpdate(sqs, queueName, attributes);
    } catch (SqsException e) {
      if (!rejectsMessageSize(e)) {
        throw e;
      }
      LOG.warn("the SQS endpoint rejects MaximumMessageSize {} ({}); using {} bytes instead, so "
          + "batches must stay below that", MAX_MESSAGE_SIZE, e.getMessage(),
          CLASSIC_MAX_MESSAGE_SIZE);
      attributes.put(QueueAttributeName.MAXIMUM_MESSAGE_SIZE,
          Integer.toString(CLASSIC_MAX_MESSAGE_SIZE));
      return createOrUpdate(sqs, queueName, attributes);
    }
  }

  private static boolean rejectsMessageSize(SqsException e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return message.contains("maximummessagesize") || message.contains("maximum message size");
  }

  /**
   * SQS refuses to create a queue that exists with other attributes; then only the attributes
   * that differ are set, since some endpoints (ElasticMQ) reject setting unchanged ones.
   */
  private static String createOrUpdate(SqsClient sqs, String queueName,
      Map<QueueAttributeName, String> attributes) {
    try {
      return sqs.createQueue(b -> b.queueName(queueName).attributes(attributes)).queueUrl();
    } catch (QueueNameExistsException e) {
      String url = sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
      Map<QueueAttributeName, String> current = sqs.getQueueAttributes(b -> b.queueUrl(url)
          .attributeNames(QueueAttributeName.ALL)).attributes();
      Map<QueueAttributeName, String> changed = new HashMap<>();
      attributes.forEach((key, value) -> {
        if (key != QueueAttributeName.FIFO_QUEUE && !sameValue(key, value, current.get(key))) {
          changed.put(key, value);
        }
      });
      if (!changed.isEmpty()) {
        LOG.info("queue {} exists; updating {}", queueName, changed.keySet());
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(changed));
      }
      return url;
    }
  }

  /** Redrive policies come back reformatted, so they are compared by their parts. */
  private static boolean sameValue(QueueAttributeName key, String wanted, String actual) {
    if (actual == null) {
      // ElasticMQ neither stores nor reports the size limit; setting it again only draws a warning.
      return key == QueueAttributeName.MAXIMUM_MESSAGE_SIZE;
    }
    if (key == QueueAttributeName.REDRIVE_POLICY) {
      return actual.replaceAll("[\\s\"]", "").equals(wanted.replaceAll("[\\s\"]", ""));
    }
    return actual.equalsIgnoreCase(wanted);
  }
}
