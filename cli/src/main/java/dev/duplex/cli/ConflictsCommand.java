package dev.duplex.cli;

import dev.duplex.apply.conflict.ConflictRules;
import dev.duplex.aws.store.DynamoConflictLog;
import dev.duplex.aws.store.DynamoTaskStore;
import dev.duplex.cli.conflicts.LedgerFilter;
import dev.duplex.cli.conflicts.LedgerPrinter;
import dev.duplex.cli.conflicts.ReplayPolicy;
import dev.duplex.cli.conflicts.ReplayReport;
import dev.duplex.core.config.ConflictResolution;
import dev.duplex.core.config.InvalidConfigException;
import dev.duplex.core.config.TableSelection;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.ConflictQuery;
import dev.duplex.core.store.ConflictRecord;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The conflict ledger: lists a task's recorded conflicts with their rows, or replays another
 * policy over them and prints which rows would have ended differently.
 */
@Command(name = "conflicts", mixinStandardHelpOptions = true,
        description = {"List a task's recorded conflicts (newest first) with the incoming images, the target row, "
                + "the policy and the decision; or, with --replay-policy, run another policy over them and print "
                + "which would have ended differently (a dry run of a policy change).",
                "Conflicts are kept for 7 days; a full sync's catch-up replays are not conflicts and are not listed."})
final class ConflictsCommand implements Callable<Integer> {
    static final int DEFAULT_LIST_LIMIT = 100;
    static final int DEFAULT_REPLAY_LIMIT = 10_000;

    @Spec
    CommandSpec spec;

    @Mixin
    TaskCommand.StoreOptions store;

    @Option(names = {"-c", "--config"}, required = true, description = "Task configuration file.")
    Path config;

    @Option(names = "--since", paramLabel = "DURATION|INSTANT",
            description = "Only conflicts since then: 30m, 2h, 7d, PT1H30M or 2026-12-05T10:00:00Z.")
    String since;

    @Option(names = "--table", paramLabel = "DB.TABLE", description = "Only this table (db.table, or table in any "
            + "database), named as on the direction's target.")
    String table;

    @Option(names = "--direction", paramLabel = "a2b|b2a", description = "Only this direction.")
    String direction;

    @Option(names = "--limit", paramLabel = "N", description = "At most N conflicts, the newest (default "
            + DEFAULT_LIST_LIMIT + " listed, " + DEFAULT_REPLAY_LIMIT + " replayed).")
    Integer limit;

    @Option(names = "--json", description = "Print JSON: the conflicts as an array with whole images; with "
            + "--replay-policy an object with the counts and the rows that differ or cannot be decided.")
    boolean json;

    @Option(names = "--replay-policy", paramLabel = "POLICY", description = "Replay the conflicts under POLICY: "
            + ReplayPolicy.FORMS + ".")
    String replayPolicy;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        TaskConfig task;
        try {
            task = TaskConfigLoader.load(config);
        } catch (InvalidConfigException e) {
            err.println(config + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        ConflictQuery query;
        ReplayPolicy policy;
        try {
            int max = limit != null ? limit : replayPolicy == null ? DEFAULT_LIST_LIMIT : DEFAULT_REPLAY_LIMIT;
            query = LedgerFilter.query(since, table, direction, max, Instant.now());
            policy = replayPolicy == null ? null : ReplayPolicy.parse(replayPolicy);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return ExitCodes.USAGE;
        }
        String missing = missingLocalState();
        if (missing != null) {
            err.println(missing);
            return ExitCodes.FAILURE;
        }
        try (StateDir.Dynamo dynamo = store.open()) {
            var tasks = new DynamoTaskStore(dynamo.client(), dynamo.tables(), Clock.systemUTC());
            if (tasks.get(task.task()).isEmpty()) {
                err.println("no task '" + task.task() + "' stored in " + where() + ": run duplex conflicts where the"
                        + " task runs (the directory of `duplex local`, or --state-dir DIR), with --aws-region REGION for"
                        + " a task on AWS, or store the task with `duplex task put`");
                return ExitCodes.FAILURE;
            }
            List<ConflictRecord> found = new DynamoConflictLog(dynamo.client(), dynamo.tables()).query(task.task(), query);
            print(task, found, policy, query);
            return ExitCodes.OK;
        } catch (ResourceNotFoundException e) {
            err.println("no Duplex tables '" + store.tablePrefix + "*' in " + where() + ": check --table-prefix (the"
                    + " deployment's prefix) and --aws-region or --dynamodb-endpoint");
            return ExitCodes.FAILURE;
        }
    }

    private void print(TaskConfig task, List<ConflictRecord> found, ReplayPolicy policy, ConflictQuery query) {
        PrintWriter out = spec.commandLine().getOut();
        if (policy == null) {
            if (json) {
                out.println(LedgerPrinter.json(found));
                return;
            }
            LedgerPrinter.text(found).forEach(out::println);
            out.println(found.size() + " conflicts" + limitNote(found, query));
            return;
        }
        ReplayReport report = ReplayReport.of(policy.text(), found, rules(task, policy));
        if (json) {
            out.println(LedgerPrinter.json(report));
            return;
        }
        LedgerPrinter.text(report).forEach(out::println);
        String note = limitNote(found, query);
        if (!note.isEmpty()) {
            out.println(note.strip());
        }
    }

    private static String limitNote(List<ConflictRecord> found, ConflictQuery query) {
        return found.size() < query.limit() ? ""
                : " (the newest " + query.limit() + "; older ones were not read: raise --limit or narrow --since)";
    }

    /**
     * The replayed policy on each recorded table: its fallback and version column come from the
     * task file's settings for that table (records name the direction's target tables, which
     * {@link ConflictRules} maps back to the configuration's).
     */
    private static Function<ConflictRecord, ConflictResolution> rules(TaskConfig task,
                                                                                        ReplayPolicy policy) {
        Map<Direction, ConflictRules> byDirection = new EnumMap<>(Direction.class);
        return c -> {
            ConflictResolution configured = byDirection.computeIfAbsent(c.direction(), d -> new ConflictRules(task, d))
                    .forTarget(c.database(), c.table());
            String version = configured instanceof ConflictResolution.LastWriterWins l ? l.versionColumn()
                    : TableSelection.DEFAULT_LWW_COLUMN;
            return policy.resolution(configured.fallback(), version);
        };
    }

    /**
     * Without --aws-region, --dynamodb-endpoint or a running runtime the stores are the state
     * directory's DynamoDB Local: a directory without them means the command runs in the wrong place
     * (opening it would create an empty one).
     */
    private String missingLocalState() {
        if (store.awsRegion != null || store.dynamoEndpoint != null) {
            return null;
        }
        StateDir dir = new StateDir(store.stateDir);
        if (dir.runningRuntime().isPresent() || Files.isDirectory(dir.dynamoData())) {
            return null;
        }
        return "no Duplex state in " + dir.root() + ": run duplex conflicts in the directory where `duplex local` ran,"
                + " or pass --state-dir DIR (--dynamodb-endpoint URL or --aws-region REGION for stores elsewhere)";
    }

    private String where() {
        return store.awsRegion != null ? "the DynamoDB tables '" + store.tablePrefix + "*' in " + store.awsRegion
                : store.dynamoEndpoint != null ? "the DynamoDB at " + store.dynamoEndpoint
                : new StateDir(store.stateDir).root().toString();
    }
}
