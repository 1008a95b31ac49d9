package dev.duplex.sandbox.lambda;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Lambda's SQS event source mapping for one function, with one poller (concurrency 1, as one FIFO
 * message group gets): long-polls the queue for up to the mapping's batch size with all
 * attributes, invokes the function with the SQS event, deletes what succeeded and leaves the
 * batch item failures (or the whole batch, on a function error or time-out) to the queue's
 * visibility time-out. Before each receive it asks {@link EventSourceMappings} whether the mapping
 * is enabled, so a disabled mapping spends no receive.
 */
public final class SqsEventSource implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SqsEventSource.class);
  /** Lambda long-polls for 20 s; shorter here so a disable settles (and a test ends) sooner. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(2);
  private static final Duration IDLE = Duration.ofMillis(100);

  private final SqsClient sqs;
  private final EventSourceMappings mappings;
  private final String uuid;
  private final LambdaFunction function;
  private final Duration wait;
  private final String queueUrl;
  private final Thread thread;
  private volatile boolean stopped;

  private final AtomicLong invocations = new AtomicLong();
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong failedInvocations = new AtomicLong();
  private final AtomicLong billedMillis = new AtomicLong();
  private final AtomicLong receiveRequests = new AtomicLong();
  private final AtomicLong deleteRequests = new AtomicLong();
  private final List<String> reportedFailures = new CopyOnWriteArrayList<>();

  private SqsEventSource(SqsClient sqs, EventSourceMappings mappings, String uuid, LambdaFunction function,
      Duration wait) {
    this.sqs = sqs;
    this.mappings = mappings;
    this.uuid = uuid;
    this.function = function;
    this.wait = wait;
    EventSourceMapping m = mappings.get(uuid).orElseThrow(() -> new IllegalArgumentException(
        "no event source mapping " + uuid));
    if (!m.isFor(function.name())) {
      throw new IllegalArgumentException("mapping " + uuid + " is for " + m.functionArn() + ", not " + function.name());
    }
    String queueName = m.eventSourceArn().substring(m.eventSourceArn().lastIndexOf(':') + 1);
    this.queueUrl = sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
    this.thread = new Thread(this::run, "sqs-event-source-" + function.name());
    thread.setDaemon(true);
  }

  /** Starts polling for the mapping {@code uuid}, with {@link #DEFAULT_WAIT} long polls. */
  public static SqsEventSource start(SqsClient sqs, EventSourceMappings mappings, String uuid,
      LambdaFunction function) {
    return start(sqs, mappings, uuid, function, DEFAULT_WAIT);
  }

  public static SqsEventSource start(SqsClient sqs, EventSourceMappings mappings, String uuid,
      LambdaFunction function, Duration longPoll) {
    SqsEventSource source = new SqsEventSource(sqs, mappings, uuid, function, longPoll);
    source.thread.start();
    return source;
  }

  private void run() {
    while (!stopped) {
      try {
        if (!mappings.mayReceive(uuid)) {
          Thread.sleep(IDLE);
          continue;
        }
        pollOnce(mappings.get(uuid).orElseThrow());
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // Lambda's poller backs off and retries on SQS errors; nothing is lost, messages stay queued.
        LOG.warn("event source {} for {}: {}", uuid, function.name(), e.toString());
        sleepQuietly(Duration.ofSeconds(1));
      }
    }
  }

  private void pollOnce(EventSourceMapping mapping) {
    receiveRequests.incrementAndGet();
    List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
        .maxNumberOfMessages(Math.min(10, mapping.batchSize())).waitTimeSeconds((int) wait.toSeconds())
        .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
    if (batch.isEmpty()) {
      return;
    }
    Invocation result = function.invoke(SqsEvents.event(batch, mapping.eventSourceArn()));
    invocations.incrementAndGet();
    messages.addAndGet(batch.size());
    billedMillis.addAndGet(result.billedMillis());
    if (!result.succeeded()) {
      failedInvocations.incrementAndGet();
      LOG.warn("{} failed on {} messages ({}), left to the visibility time-out: {}", function.name(),
          batch.size(), result.outcome(), result.body());
    }
    Set<String> failed = SqsEvents.failedIds(result, batch);
    if (result.succeeded() && !failed.isEmpty()) {
      reportedFailures.addAll(batch.stream().map(Message::messageId).filter(failed::contains).toList());
    }
    deleteSucceeded(batch, failed);
  }

  private void deleteSucceeded(List<Message> batch, Set<String> failed) {
    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
    for (Message m : batch) {
      if (!failed.contains(m.messageId())) {
        entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(entries.size()))
            .receiptHandle(m.receiptHandle()).build());
      }
    }
    if (entries.isEmpty()) {
      return;
    }
    deleteRequests.incrementAndGet();
    var response = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
    if (!response.failed().isEmpty()) {
      LOG.warn("{}: {} of {} deletes failed (they will be delivered again): {}", function.name(),
          response.failed().size(), entries.size(), response.failed());
    }
  }

  /** Invokes made (each with a non-empty batch). */
  public long invocations() {
    return invocations.get();
  }

  /** Messages handed to the function, counting redeliveries again. */
  public long messages() {
    return messages.get();
  }

  /** Invokes that failed as a whole: function error, time-out, runtime exit. */
  public long failedInvocations() {
    return failedInvocations.get();
  }

  /** Message ids the function reported in batchItemFailures, in order, repeats included. */
  public List<String> reportedFailures() {
    return List.copyOf(reportedFailures);
  }

  /** Sum of the invokes' billed durations (each rounded up to 1 ms). */
  public long billedMillis() {
    return billedMillis.get();
  }

  /** Billed compute: billed seconds × memory in GB, Lambda's unit of duration charge. */
  public double gbSeconds() {
    return billedMillis.get() / 1000.0 * function.memoryMb() / 1024.0;
  }

  /** ReceiveMessage calls made, empty ones included. */
  public long receiveRequests() {
    return receiveRequests.get();
  }

  /** DeleteMessageBatch calls made. */
  public long deleteRequests() {
    return deleteRequests.get();
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops after the receive or invoke in progress (at most a long poll plus the function's time-out). */
  @Override
  public void close() {
    stopped = true;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    mappings.pollerStopped(uuid);
    LOG.info("event source {} for {} stopped: {} invokes, {} messages, {} receives, {} delete batches, "
        + "{} ms billed ({} GB-s)", uuid, function.name(), invocations(), messages(), receiveRequests(),
        deleteRequests(), billedMillis(), String.format(Locale.ROOT, "%.3f", gbSeconds()));
  }
}
