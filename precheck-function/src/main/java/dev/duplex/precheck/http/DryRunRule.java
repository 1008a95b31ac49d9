package dev.duplex.precheck.http;

import dev.duplex.core.config.ConfigProblem;
import dev.duplex.core.config.NodeConfig;
import dev.duplex.core.config.SecretRef;
import dev.duplex.core.config.TaskConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a configuration sent over HTTP for a dry run may name. A caller of the endpoint must not
 * be able to send a secret anywhere it chooses, nor read the serving process's environment or
 * files, so each node of a dry run must be the stored task's node as stored (host, port, user,
 * password reference, TLS), and its password a Secrets Manager secret of the deployment;
 * {@code env:} and {@code file:} references are refused. Only the rest of the configuration
 * (objects, sync options...) may differ. Checked before anything connects or reads a secret.
 */
public final class DryRunRule {

    /** The function's environment variable listing the deployment's node secrets (comma-separated ARNs). */
    public static final String SECRETS_VARIABLE = "DUPLEX_PRECHECK_SECRETS";

    private static final String CHANGE_STORED = "change the nodes with duplex task put -c task.yaml, then precheck the"
            + " stored task ({\"task\": \"<name>\"})";

    /** The deployment's secret ARNs; empty: those the stored task names (the local runtime). */
    private final Optional<Set<String>> deploymentSecrets;

    private DryRunRule(Optional<Set<String>> deploymentSecrets) {
        this.deploymentSecrets = deploymentSecrets;
    }

    /** On AWS: the secrets in {@value #SECRETS_VARIABLE} (comma-separated ARNs; null or blank: none). */
    public static DryRunRule deployment(String commaSeparatedArns) {
        Set<String> arns = commaSeparatedArns == null ? Set.of() : Arrays.stream(commaSeparatedArns.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
        return new DryRunRule(Optional.of(Set.copyOf(arns)));
    }

    /** The local runtime: the Secrets Manager secrets the stored task names itself. */
    public static DryRunRule storedSecrets() {
        return new DryRunRule(Optional.empty());
    }

    /**
     * On AWS, the stored task too may name only the deployment's node secrets: the function's role
     * reads them, and an {@code env:} or {@code file:} reference would read the function's own
     * environment or files and send it to the stored host.
     *
     * @throws RefusedRequestException 409 naming each node whose stored password breaks the rule
     */
    public void checkStored(TaskConfig stored) {
        if (deploymentSecrets.isEmpty()) {
            return;
        }
        List<ConfigProblem> problems = new ArrayList<>();
        for (String id : List.of("a", "b")) {
            SecretRef password = stored.node(id).password();
            if (!(password instanceof SecretRef.SecretsManager sm && deploymentSecrets.get().contains(sm.arn()))) {
                problems.add(new ConfigProblem("nodes." + id + ".password", "the stored task's node " + id
                        + " password is not one of this deployment's node secrets (" + SECRETS_VARIABLE + ")",
                        "store the task with node " + id + "'s secret as deployed (secretsmanager:<its ARN>):"
                                + " duplex task put -c task.yaml"));
            }
        }
        if (!problems.isEmpty()) {
            throw new RefusedRequestException(409, "the stored task names secrets this precheck does not read",
                    problems);
        }
    }

    /** @throws RefusedRequestException 403 naming every rule {@code dryRun} breaks */
    public void check(TaskConfig dryRun, TaskConfig stored) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (String id : List.of("a", "b")) {
            problems.addAll(node(id, dryRun.node(id), stored.node(id), allowed(stored)));
        }
        if (!problems.isEmpty()) {
            throw new RefusedRequestException(403, "the configuration of this dry run is refused: it may only connect"
                    + " to the stored task's nodes, each with its stored Secrets Manager secret", problems);
        }
    }

    private List<ConfigProblem> node(String id, NodeConfig sent, NodeConfig kept, Set<String> allowed) {
        String path = "config.nodes." + id;
        List<ConfigProblem> problems = new ArrayList<>();
        if (!sent.host().equals(kept.host()) || sent.port() != kept.port()) {
            problems.add(new ConfigProblem(path + ".host", "a dry run connects only to the stored node " + id + " ("
                    + kept.address() + "), not to " + sent.address(), CHANGE_STORED));
        }
        switch (sent.password()) {
            case SecretRef.SecretsManager sm when !allowed.contains(sm.arn()) -> problems.add(new ConfigProblem(
                    path + ".password", sm.reference() + " is not one of " + (deploymentSecrets.isPresent()
                            ? "this deployment's node secrets (" + SECRETS_VARIABLE + ")" : "the stored task's secrets"),
                    "name node " + id + "'s secret as stored; on AWS the function's " + SECRETS_VARIABLE
                            + " lists the deployment's two secret ARNs"));
            case SecretRef.SecretsManager sm when !sm.equals(kept.password()) -> problems.add(new ConfigProblem(
                    path + ".password", "a dry run sends node " + id + " only node " + id + "'s stored secret", CHANGE_STORED));
            case SecretRef.SecretsManager sm -> { }
            default -> problems.add(new ConfigProblem(path + ".password", (sent.password() instanceof SecretRef.Env
                    ? "env:" : "file:") + " references are refused over HTTP: they would read the environment or the"
                    + " files of the process that serves the precheck",
                    "store the task with Secrets Manager references (secretsmanager:ARN) to dry-run it over HTTP,"
                            + " or run duplex precheck -c task.yaml where the secret is"));
        }
        if (problems.isEmpty() && !sent.equals(kept)) {
            problems.add(new ConfigProblem(path, "a dry run keeps node " + id + "'s settings (user, TLS) as stored",
                    CHANGE_STORED));
        }
        return problems;
    }

    private Set<String> allowed(TaskConfig stored) {
        return deploymentSecrets.orElseGet(() -> Stream.of(stored.a(), stored.b()).map(NodeConfig::password)
                .flatMap(p -> p instanceof SecretRef.SecretsManager sm ? Stream.of(sm.arn()) : Stream.empty())
                .collect(Collectors.toSet()));
    }
}
