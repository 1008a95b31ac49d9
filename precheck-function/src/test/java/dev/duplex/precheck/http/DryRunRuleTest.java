package dev.duplex.precheck.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.config.ConfigProblem;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a dry run sent over HTTP may name: the stored nodes, with the deployment's secrets only. */
class DryRunRuleTest {

    private static final String ARN_A = "arn:aws:secretsmanager:us-east-1:123456789012:secret:duplex-t-a";
    private static final String ARN_B = "arn:aws:secretsmanager:us-east-1:123456789012:secret:duplex-t-b";
    private static final String OTHER = "arn:aws:secretsmanager:us-east-1:123456789012:secret:payroll-db";
    private static final DryRunRule DEPLOYMENT = DryRunRule.deployment(ARN_A + ", " + ARN_B);

    private static TaskConfig task(String nodeA, String nodeB, String objects) {
        return TaskConfigLoader.parse("task: t\nnodes:\n  a: " + nodeA + "\n  b: " + nodeB + "\nobjects: " + objects + "\n");
    }

    private static String node(String host, String password) {
        return "{host: " + host + ", port: 3306, user: duplex, password: \"" + password + "\", tls: required}";
    }

    private static final TaskConfig STORED = task(node("db-a.internal", "secretsmanager:" + ARN_A),
            node("db-b.internal", "secretsmanager:" + ARN_B), "[shop]");

    private static List<ConfigProblem> refused(DryRunRule rule, TaskConfig dryRun, TaskConfig stored) {
        RefusedRequestException e = assertThrows(RefusedRequestException.class, () -> rule.check(dryRun, stored));
        assertEquals(403, e.status());
        return e.problems();
    }

    @Test
    void shouldAllowOtherObjectsOnTheStoredNodesWithTheDeploymentsSecrets() {
        TaskConfig dryRun = task(node("db-a.internal", "secretsmanager:" + ARN_A),
                node("db-b.internal", "secretsmanager:" + ARN_B), "[shop, billing]");
        assertDoesNotThrow(() -> DEPLOYMENT.check(dryRun, STORED));
        assertDoesNotThrow(() -> DryRunRule.storedSecrets().check(dryRun, STORED));
    }

    @Test
    void shouldRefuseEnvAndFileReferencesAndOtherHostsWithEveryProblem() {
        TaskConfig hostile = task(node("attacker.example", "file:/proc/self/environ"),
                node("attacker-2.example", "env:AWS_SECRET_ACCESS_KEY"), "[shop]");
        List<ConfigProblem> problems = refused(DEPLOYMENT, hostile, STORED);
        assertEquals(List.of("config.nodes.a.host", "config.nodes.a.password", "config.nodes.b.host",
                "config.nodes.b.password"), problems.stream().map(ConfigProblem::path).toList());
        assertTrue(problems.get(1).message().startsWith("file: references are refused over HTTP"), problems.toString());
        assertTrue(problems.get(3).message().startsWith("env: references are refused over HTTP"), problems.toString());
        assertTrue(problems.get(0).message().contains("db-a.internal:3306"), problems.toString());
    }

    @Test
    void shouldRefuseASecretOutsideTheDeploymentEvenOnTheStoredHost() {
        TaskConfig other = task(node("db-a.internal", "secretsmanager:" + OTHER),
                node("db-b.internal", "secretsmanager:" + ARN_B), "[shop]");
        List<ConfigProblem> problems = refused(DEPLOYMENT, other, STORED);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("not one of this deployment's node secrets (DUPLEX_PRECHECK_SECRETS)"),
                problems.toString());
        assertEquals(1, refused(DryRunRule.storedSecrets(), other, STORED).size());
    }

    @Test
    void shouldRefuseSendingOneNodesSecretToTheOtherNode() {
        TaskConfig swapped = task(node("db-a.internal", "secretsmanager:" + ARN_B),
                node("db-b.internal", "secretsmanager:" + ARN_A), "[shop]");
        List<ConfigProblem> problems = refused(DEPLOYMENT, swapped, STORED);
        assertEquals(List.of("config.nodes.a.password", "config.nodes.b.password"),
                problems.stream().map(ConfigProblem::path).toList());
    }

    @Test
    void shouldRefuseWeakerTlsOrAnotherUserOnTheStoredNode() {
        TaskConfig weaker = task(node("db-a.internal", "secretsmanager:" + ARN_A).replace("required", "disabled"),
                node("db-b.internal", "secretsmanager:" + ARN_B), "[shop]");
        List<ConfigProblem> problems = refused(DEPLOYMENT, weaker, STORED);
        assertEquals("config.nodes.a", problems.get(0).path());
    }

    @Test
    void shouldRefuseEveryDryRunWhenTheDeploymentNamesNoSecrets() {
        assertEquals(2, refused(DryRunRule.deployment(null), STORED, STORED).size());
        assertEquals(2, refused(DryRunRule.deployment(" "), STORED, STORED).size());
    }

    @Test
    void shouldRefuseADryRunOfAStoredTaskThatUsesFileReferences() {
        TaskConfig local = task(node("127.0.0.1", "file:/home/dev/pw-a"), node("127.0.0.1", "file:/home/dev/pw-b").replace("3306", "3307"),
                "[shop]");
        assertEquals(2, refused(DryRunRule.storedSecrets(), local, local).size());
    }
}
