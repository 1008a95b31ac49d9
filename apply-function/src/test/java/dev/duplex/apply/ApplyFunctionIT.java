package dev.duplex.apply;

import static dev.duplex.apply.Batches.dml;
import static dev.duplex.apply.Batches.i;
import static dev.duplex.apply.Batches.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.duplex.apply.lambda.ApplyFunction;
import dev.duplex.apply.lambda.ApplyRuntime;
import dev.duplex.core.model.RowChange;
import dev.duplex.sandbox.FifoQueues;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** The Lambda handler class itself, fed a real SQS event received from ElasticMQ. */
class ApplyFunctionIT {
    private static ApplyFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = ApplyFixture.start();
        fx.sql("CREATE DATABASE shop", "CREATE TABLE shop.fn (id INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO shop.fn VALUES (2, 'target')");
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void shouldReturnTheFailingMessageAndAllLaterOnesFromTheHandler() throws Exception {
        String task = "fn";
        fx.putTask(task, "", "- shop");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        List<String> cols = List.of("id", "v");
        for (int n = 1; n <= 3; n++) {
            fx.send(q, dml(task, 100L * n, RowChange.insert("shop", "fn", cols, List.of("id"), List.of(i(n), s("m" + n)))));
        }
        try (ApplyContext ctx = fx.context(task)) {
            ApplyFunction function = ApplyFunction.using(ApplyRuntime.of(fx.processor(ctx)));
            List<Message> messages = fx.receive(q, 3);
            SQSBatchResponse response = function.apply(ApplyFixture.event(q, messages));
            assertEquals(List.of(messages.get(1).messageId(), messages.get(2).messageId()),
                    ApplyFixture.failedIdList(response), "message 2 hits id 2 under task-failed");
        }
        assertEquals(List.of(List.of("1", "m1"), List.of("2", "target")), fx.rows("SELECT id, v FROM shop.fn ORDER BY id"));
    }
}
