package dev.duplex.precheck;

import static dev.duplex.precheck.Sandboxes.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.aws.store.DynamoTaskStore;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.aws.store.TableSetup;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.AwsEndpoints;
import dev.duplex.sandbox.MySqlSandbox;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A task stored in DynamoDB starts only through its precheck: a warning keeps it in
 * PRECHECK_FAILED with the item ids as the reason, until the warning is acknowledged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskStartIT {

    private MySqlSandbox a;
    private MySqlSandbox b;
    private AwsEndpoints aws;
    private DynamoTaskStore store;

    @BeforeAll
    void start() {
        a = MySqlSandbox.start("start-a", 1);
        b = MySqlSandbox.start("start-b", 2);
        sql(a, "CREATE DATABASE shop", "CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(20))",
                "CREATE TRIGGER shop.items_touch BEFORE UPDATE ON shop.items FOR EACH ROW SET NEW.name = UPPER(NEW.name)");
        aws = AwsEndpoints.forTests();
        StoreTables tables = StoreTables.withPrefix("precheck-" + UUID.randomUUID().toString().substring(0, 8) + "-");
        TableSetup.createIfMissing(aws.dynamo(), tables);
        store = new DynamoTaskStore(aws.dynamo(), tables, Clock.systemUTC());
    }

    @AfterAll
    void stop() throws Exception {
        if (aws != null) {
            aws.close();
        }
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private TaskStart taskStart() {
        return new TaskStart(store, new Precheck(Sandboxes.secrets(a, b)));
    }

    @Test
    void shouldRefuseToStartUntilTheWarningIsAcknowledged() {
        store.put("gated", Sandboxes.task(a, b, "objects: [shop]\n").replace("precheck-it", "gated"));

        TaskStart.Outcome refused = taskStart().start("gated", List.of());
        assertFalse(refused.started());
        assertEquals(TaskState.PRECHECK_FAILED, refused.task().state());
        assertTrue(refused.task().stateReason().contains("triggers.a.shop.items"), refused.task().stateReason());
        assertThrows(FatalException.class, () -> TaskStart.requirePassed(refused.report()));

        TaskStart.Outcome started = taskStart().start("gated", List.of("triggers.a.shop.items"));
        assertTrue(started.started());
        TaskRecord stored = store.get("gated").orElseThrow();
        assertEquals(TaskState.SCHEMA_SYNC, stored.state());
    }

    @Test
    void shouldStartWithTheAcknowledgementInTheStoredConfiguration() {
        store.put("acked", Sandboxes.task(a, b, "sync: {types: [incremental], ddl: false}\n"
                + "objects: [shop]\nprecheck: {acknowledge: [\"triggers.a.*\"]}\n").replace("precheck-it", "acked"));
        sql(b, "CREATE DATABASE shop", "CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(20))");
        try {
            TaskStart.Outcome outcome = taskStart().start("acked", List.of());
            assertTrue(outcome.started(), () -> outcome.report().blocking().toString());
            assertEquals(TaskState.RUNNING, outcome.task().state());
        } finally {
            sql(b, "DROP DATABASE shop");
        }
    }
}
