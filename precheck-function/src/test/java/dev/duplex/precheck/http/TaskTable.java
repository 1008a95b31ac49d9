package dev.duplex.precheck.http;

import dev.duplex.aws.store.StoreTables;
import dev.duplex.aws.store.TableSetup;
import dev.duplex.sandbox.EmbeddedDynamo;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * DynamoDB Local with the task table for {@link PrecheckFunctionIT}, and the function's
 * environment as infra gives it: DUPLEX_TASK, DUPLEX_TABLE_PREFIX, DUPLEX_PRECHECK_SECRETS.
 */
public class TaskTable implements QuarkusTestResourceLifecycleManager {

    static final String TASK = "http-it";
    static final String PREFIX = "precheck-http-";
    static final String ARN_A = "arn:aws:secretsmanager:us-east-1:123456789012:secret:duplex-http-it-a";
    static final String ARN_B = "arn:aws:secretsmanager:us-east-1:123456789012:secret:duplex-http-it-b";

    private EmbeddedDynamo dynamo;

    @Override
    public Map<String, String> start() {
        dynamo = EmbeddedDynamo.startInMemory();
        TableSetup.createIfMissing(dynamo.client(), StoreTables.withPrefix(PREFIX));
        return Map.of("duplex.dynamodb-endpoint", dynamo.endpoint().toString(), "duplex.table-prefix", PREFIX,
                "duplex.task", TASK, "duplex.precheck-secrets", ARN_A + "," + ARN_B);
    }

    @Override
    public void stop() {
        if (dynamo != null) {
            dynamo.close();
        }
    }
}
