package dev.duplex.precheck;

import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.precheck.checks.Checks;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every check of a task and returns the report. The entry point for the HTTP function,
 * the command line and the local runtime alike.
 */
public final class Precheck {

    private static final Logger LOG = LoggerFactory.getLogger(Precheck.class);

    private final SecretResolver secrets;
    private final List<Check> checks;

    public Precheck(SecretResolver secrets) {
        this(secrets, Checks.all());
    }

    public Precheck(SecretResolver secrets, List<Check> checks) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.checks = List.copyOf(checks);
    }

    /** Checks {@code config} with the process's secrets (environment, files, Secrets Manager). */
    public static PrecheckReport run(TaskConfig config, Collection<String> acknowledged) {
        return new Precheck(SecretResolvers.defaults()).check(config, acknowledged);
    }

    /**
     * @param acknowledged item ids accepted for this run, on top of the config's
     *                     {@code precheck.acknowledge}
     */
    public PrecheckReport check(TaskConfig config, Collection<String> acknowledged) {
        List<String> ids = new ArrayList<>(config.precheck().acknowledge());
        ids.addAll(acknowledged);
        List<CheckItem> items = new ArrayList<>();
        try (PrecheckContext context = PrecheckContext.open(config, secrets)) {
            for (Check check : checks) {
                items.addAll(runOne(check, context));
            }
        }
        PrecheckReport report = PrecheckReport.of(config.task(), items, new Acknowledgements(ids));
        LOG.info("precheck of task {}: {} ({} items: {} passed, {} warnings, {} failed; blocking: {})", config.task(),
                report.passed() ? "passed" : "not passed", items.size(), report.count(Status.PASS),
                report.count(Status.WARN), report.count(Status.FAIL),
                report.blocking().stream().map(CheckItem::id).toList());
        return report;
    }

    /** A check that breaks is reported as its own failed item, so the other checks still run. */
    private static List<CheckItem> runOne(Check check, PrecheckContext context) {
        try {
            return check.run(context);
        } catch (RuntimeException e) {
            LOG.warn("task={} check {} could not run: {}", context.config().task(), check.id(), e.getMessage());
            return List.of(CheckItem.fail(check.id(), CheckItem.BOTH, "the check could not run: " + e.getMessage(),
                    "the check runs", "fix the cause named here, then run the precheck again"));
        }
    }
}
