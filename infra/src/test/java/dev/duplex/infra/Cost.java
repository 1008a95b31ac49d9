package dev.duplex.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's bill from the calls it made: SQS requests, DynamoDB request units, Lambda requests and
 * GB-seconds, at us-east-1 on-demand list prices (SQS FIFO $0.50 per million requests; DynamoDB
 * on-demand $0.625 per million write and $0.125 per million read request units; Lambda $0.20 per
 * million requests and $0.0000166667 per GB-s on x86). Free tiers are left out. Items here are
 * under 1 KB, so a write is one write unit (two inside a transaction) and a strongly consistent read
 * one read unit; a Query or Scan is counted as one read unit, a lower bound; a BatchWriteItem (the
 * apply's conflict records) as 25 write units, an upper bound.
 */
final class Cost {
    private static final Logger LOG = LoggerFactory.getLogger(Cost.class);
    private static final double SQS_PER_REQUEST = 0.50e-6;
    private static final double WRU = 0.625e-6;
    private static final double RRU = 0.125e-6;
    private static final double LAMBDA_PER_REQUEST = 0.20e-6;
    private static final double LAMBDA_PER_GB_S = 0.0000166667;

    private Cost() {}

    /** Writes the figures of the calls made since {@code before} for {@code rowChanges} changes to {@code file}. */
    static void report(Map<String, Long> now, Map<String, Long> before, LambdaService lambda, long rowChanges,
                       Path file) {
        long sqs = 0;
        long wru = 0;
        long rru = 0;
        for (var e : now.entrySet()) {
            long n = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            String op = e.getKey();
            if (op.startsWith("AmazonSQS.")) {
                sqs += n;
            } else if (op.endsWith(".TransactWriteItems")) {
                wru += 4 * n; // a condition check and a put, both at the transactional rate
            } else if (op.endsWith(".BatchWriteItem")) {
                wru += 25L * n; // conflict records, up to 25 a request: counted full, an upper bound
            } else if (op.endsWith(".PutItem") || op.endsWith(".UpdateItem") || op.endsWith(".DeleteItem")) {
                wru += n;
            } else if (op.endsWith(".GetItem") || op.endsWith(".Query") || op.endsWith(".Scan")) {
                rru += n;
            }
        }
        double dollars = sqs * SQS_PER_REQUEST + wru * WRU + rru * RRU
                + lambda.invocations() * LAMBDA_PER_REQUEST + lambda.gbSeconds() * LAMBDA_PER_GB_S;
        double perMillion = rowChanges == 0 ? 0 : dollars / rowChanges * 1e6;
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("rowChanges", rowChanges).put("sqsRequests", sqs).put("dynamoWriteUnits", wru)
                .put("dynamoReadUnits", rru).put("lambdaInvocations", lambda.invocations())
                .put("lambdaGbSeconds", lambda.gbSeconds()).put("dollars", dollars)
                .put("dollarsPerMillionRowChanges", perMillion);
        ObjectNode calls = json.putObject("calls");
        now.forEach((op, n) -> calls.put(op, n - before.getOrDefault(op, 0L)));
        try {
            Files.writeString(file, json.toPrettyString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.info("cost of the run: {} row changes, {} SQS requests, {} DynamoDB WRU, {} RRU, {} Lambda invocations, "
                        + "{} GB-s: ${} in all, ${} per million row changes (details in {})", rowChanges, sqs, wru, rru,
                lambda.invocations(), String.format("%.1f", lambda.gbSeconds()), String.format("%.5f", dollars),
                String.format("%.2f", perMillion), file);
    }
}
