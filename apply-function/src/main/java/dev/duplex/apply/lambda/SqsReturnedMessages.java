package dev.duplex.apply.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.duplex.apply.ReturnedMessages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;

/** {@link ReturnedMessages} on SQS: ChangeMessageVisibility on the function's own queue (infra/ grants it). */
final class SqsReturnedMessages implements ReturnedMessages {
    private static final Logger LOG = LoggerFactory.getLogger(SqsReturnedMessages.class);

    private final SqsClient sqs;
    private final Map<String, String> urls = new ConcurrentHashMap<>();

    SqsReturnedMessages(SqsClient sqs) {
        this.sqs = sqs;
    }

    @Override
    public void comeBackSoon(List<SQSEvent.SQSMessage> returned) {
        List<SQSEvent.SQSMessage> soon = ReturnedMessages.soonOnes(returned);
        if (soon.isEmpty()) {
            return;
        }
        String arn = soon.get(0).getEventSourceArn();
        try {
            String url = urls.computeIfAbsent(arn, a -> sqs.getQueueUrl(b -> b.queueName(a.substring(a.lastIndexOf(':')
                    + 1))).queueUrl());
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < soon.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(soon.get(i).getReceiptHandle()).visibilityTimeout((int) SOON.toSeconds()).build());
            }
            sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(entries));
        } catch (SdkException e) {
            // Nothing is lost: the messages come back after the queue's visibility time-out instead.
            LOG.warn("cannot make {} returned messages of {} visible again soon ({}); they come back after the "
                    + "queue's visibility time-out", soon.size(), arn, e.toString());
        }
    }
}
