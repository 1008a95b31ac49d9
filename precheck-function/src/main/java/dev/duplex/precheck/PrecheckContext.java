package dev.duplex.precheck;

import dev.duplex.core.config.DatabaseSelection;
import dev.duplex.core.config.NodeConfig;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.SyncType;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.sql.NodeConnections;
import dev.duplex.precheck.facts.SchemaFacts;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every check reads from: the task, and a probe per node. Both nodes are connected at
 * once, so two unreachable hosts cost one connect time-out, not two.
 */
public final class PrecheckContext implements AutoCloseable {

    /** Connect time-out plus time to read the server's settings. */
    static final long CONNECT_WAIT_MS = NodeConnections.CONNECT_TIMEOUT_MS + 5_000L;

    private final TaskConfig config;
    private final NodeProbe a;
    private final NodeProbe b;
    private Selection selection;

    PrecheckContext(TaskConfig config, NodeProbe a, NodeProbe b) {
        this.config = config;
        this.a = a;
        this.b = b;
    }

    static PrecheckContext open(TaskConfig config, SecretResolver secrets) {
        // Not closed with try-with-resources: close() would wait for a connect that hangs.
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<NodeProbe> fa = pool.submit(() -> NodeProbe.connect("a", config.a(), secrets));
            Future<NodeProbe> fb = pool.submit(() -> NodeProbe.connect("b", config.b(), secrets));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_WAIT_MS);
            NodeProbe a = await(fa, "a", config.a(), deadline);
            NodeProbe b = await(fb, "b", config.b(), deadline);
            return new PrecheckContext(config, a, b);
        } finally {
            pool.shutdownNow();
        }
    }

    private static NodeProbe await(Future<NodeProbe> f, String id, NodeConfig node, long deadline) {
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return NodeProbe.unreachable(id, node, "no answer from " + node.address() + " within "
                    + CONNECT_WAIT_MS / 1000 + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return NodeProbe.unreachable(id, node, "interrupted while connecting");
        } catch (ExecutionException e) {
            return NodeProbe.unreachable(id, node, "cannot connect: " + e.getCause());
        }
    }

    public TaskConfig config() {
        return config;
    }

    public List<NodeProbe> nodes() {
        return List.of(a, b);
    }

    public NodeProbe node(String id) {
        return switch (id) {
            case "a" -> a;
            case "b" -> b;
            default -> throw new IllegalArgumentException("unknown node " + id);
        };
    }

    public NodeProbe other(NodeProbe node) {
        return node == a ? b : a;
    }

    public boolean syncs(SyncType type) {
        return config.sync().includes(type);
    }

    /** The selected databases, named as on {@code node}. */
    public List<String> databases(String node) {
        return config.objects().databases().stream().map(DatabaseSelection::name)
                .map(db -> "a".equals(node) ? db : config.targetDatabaseName(db)).toList();
    }

    /** Schema facts of the selected databases on {@code node}, which must be reachable. */
    public SchemaFacts schema(String node) {
        return node(node).schema(databases(node));
    }

    /**
     * The selected tables. Needs node a (its tables make up whole-database selections); node b
     * adds the tables only it has, when it is reachable.
     */
    public synchronized Selection selection() {
        if (selection == null) {
            selection = Selection.resolve(config, schema("a"), b.reachable() ? schema("b") : null);
        }
        return selection;
    }

    @Override
    public void close() {
        a.close();
        b.close();
    }
}
