package dev.duplex.capture.verify;

import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.sql.NodeConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Compares every table a task selects on node a and node b: tables in parallel, each chunk by
 * chunk ({@link TableVerifier}). On a live pair a row may differ only because its change is still
 * on its way: with a re-check, the differing keys are read again once replication caught up with
 * the moment the first pass ended ({@link ReplicationCatchUp}), up to three times, and only keys
 * that still differ are reported.
 */
public final class Verifier {
    private static final int RECHECKS = 3;
    private final TaskConfig config;
    private final SecretResolver secrets;
    private final int chunkRows;
    private int parallelism = 1;
    private Duration recheckWithin;
    private VerifyProgress progress = VerifyProgress.none();

    public Verifier(TaskConfig config, SecretResolver secrets, int chunkRows) {
        this.config = config;
        this.secrets = secrets;
        this.chunkRows = chunkRows;
    }

    /** The outcome: each table, and why differing keys were not re-checked (empty when they were, or none differed). */
    public record Outcome(List<TableDiff> tables, Optional<String> notRechecked) {
        public long differences() {
            return tables.stream().mapToLong(TableDiff::differences).sum();
        }
    }

    public Verifier parallelism(int tables) {
        this.parallelism = Math.max(1, tables);
        return this;
    }

    /** Re-check differing keys once replication caught up, waiting at most {@code timeout} each time. */
    public Verifier recheck(Duration timeout) {
        this.recheckWithin = timeout;
        return this;
    }

    public Verifier progress(VerifyProgress p) {
        this.progress = p;
        return this;
    }

    public List<TableDiff> verifyAll() throws SQLException {
        return verify().tables();
    }

    public Outcome verify() throws SQLException {
        List<TablePair> tables;
        try (Connection a = open("a")) {
            tables = TableCatalog.selectedTables(config, a);
            progress.plan(tables.size(), TableCatalog.estimatedRows(a, tables));
        }
        List<TableDiff> diffs = compareAll(tables);
        progress.finish();
        Optional<String> skipped = Optional.empty();
        for (int round = 0; round < RECHECKS && recheckWithin != null && differ(diffs); round++) {
            skipped = new ReplicationCatchUp(config, secrets).await(recheckWithin);
            if (skipped.isPresent()) {
                break;
            }
            diffs = recheck(diffs);
        }
        return new Outcome(diffs, differ(diffs) ? skipped : Optional.empty());
    }

    private List<TableDiff> compareAll(List<TablePair> tables) throws SQLException {
        int threads = Math.min(parallelism, Math.max(1, tables.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ExecutorService nodeB = Executors.newFixedThreadPool(threads);
        try {
            List<Future<TableDiff>> futures = new ArrayList<>();
            for (TablePair t : tables) {
                futures.add(pool.submit(() -> {
                    try (Connection a = open("a"); Connection b = open("b")) {
                        TableDiff d = new TableVerifier(a, b, chunkRows, progress, nodeB).verify(t);
                        progress.tableDone();
                        return d;
                    }
                }));
            }
            List<TableDiff> out = new ArrayList<>();
            for (Future<TableDiff> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while verifying", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
            nodeB.shutdownNow();
        }
    }

    private List<TableDiff> recheck(List<TableDiff> diffs) throws SQLException {
        List<TableDiff> out = new ArrayList<>();
        try (Connection a = open("a"); Connection b = open("b")) {
            for (TableDiff d : diffs) {
                out.add(d.equal() ? d : d.withKeys(RowCompare.recheck(a, b, d.table(), d.keys())));
            }
        }
        return out;
    }

    private static boolean differ(List<TableDiff> diffs) {
        return diffs.stream().anyMatch(d -> !d.equal());
    }

    private Connection open(String node) {
        return new NodeConnections(config.node(node), secrets).open();
    }
}
