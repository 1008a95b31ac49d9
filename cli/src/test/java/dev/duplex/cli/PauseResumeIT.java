package dev.duplex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.cli.demo.DemoCluster;
import dev.duplex.cli.demo.DemoSchema;
import dev.duplex.cli.local.LocalRuntime;
import dev.duplex.cli.local.LocalServices;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** duplex pause / resume against a running runtime: paused changes wait, resumed ones arrive. */
class PauseResumeIT {

    @Test
    void shouldHoldChangesWhilePausedAndApplyThemOnResume(@TempDir Path dir) throws Exception {
        try (DemoCluster cluster = DemoCluster.start(dir, "pause-it", "- database: shop", "conflictPolicy: task-failed")) {
            for (MySqlServer node : new MySqlServer[] {cluster.a(), cluster.b()}) {
                try (Connection c = node.connect()) {
                    DemoSchema.create(c);
                }
            }
            Clock clock = Clock.systemUTC();
            try (LocalServices services = LocalServices.start(dir.resolve("dynamodb"), "duplex-", cluster.config(), clock);
                 LocalRuntime runtime = new LocalRuntime(cluster.config(), cluster.document(), services,
                         SecretResolvers.defaults(), clock, UnaryOperator.identity())) {
                runtime.start();
                String[] store = {"-c", cluster.configFile().toString(), "--dynamodb-endpoint",
                        services.dynamo().endpoint().toString()};

                CliRun pause = CliRun.of(concat("pause", store));
                assertEquals(0, pause.exitCode(), pause.err());
                assertTrue(pause.out().contains("is PAUSED"), pause.out());
                awaitState(runtime, TaskState.PAUSED);
                Thread.sleep(1500); // the pollers read the state at most once a second
                sql(cluster.a(), "UPDATE shop.customers SET visits = 41 WHERE id = 1");
                Thread.sleep(3000);
                assertEquals(0, visits(cluster.b(), 1), "a paused task applies nothing");

                CliRun again = CliRun.of(concat("pause", store));
                assertEquals(1, again.exitCode(), "pausing a paused task is refused");

                CliRun resume = CliRun.of(concat("resume", store));
                assertEquals(0, resume.exitCode(), resume.err());
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (visits(cluster.b(), 1) != 41 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertEquals(41, visits(cluster.b(), 1), "the change held during the pause arrives on resume");
            }
        }
    }

    private static String[] concat(String command, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = command;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static void awaitState(LocalRuntime runtime, TaskState wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (runtime.states().record().state() != wanted && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(wanted, runtime.states().record().state());
    }

    private static void sql(MySqlServer node, String statement) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private static int visits(MySqlServer node, long id) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT visits FROM shop.customers WHERE id = " + id)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
