package dev.duplex.apply.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * The Lambda entry point: takes the SQS event itself (Funqy's advanced event handling is off,
 * see application.properties, because it would report failures message by message and break
 * FIFO order) and returns the batch item failures the processor decided.
 */
public class ApplyFunction {
    @Inject
    ApplyRuntime runtime;

    /** A function around a given runtime, for callers outside CDI (tests, embeddings). */
    public static ApplyFunction using(ApplyRuntime runtime) {
        ApplyFunction function = new ApplyFunction();
        function.runtime = runtime;
        return function;
    }

    @Funq("apply")
    public SQSBatchResponse apply(SQSEvent event) {
        return runtime.processor().process(event);
    }
}
