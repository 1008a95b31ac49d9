package dev.duplex.bench;

import dev.duplex.core.model.BinlogPosition;
import dev.duplex.sandbox.MySqlSandbox;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The servers of the incremental and two-way parts: A and B (Duplex's two nodes) and two native
 * replicas of A, one single-threaded and one with four parallel workers. All four get the same
 * options, so every figure compares like with like. Their data is made identical by native
 * replication of A's sysbench prepare, so no apply ever hits a difference the workload did not make.
 */
final class BenchServers implements AutoCloseable {
    /** Same on every server: enough buffer pool and redo log that the data and the write load fit. */
    static final Map<String, String> OPTIONS = Map.of("innodb-buffer-pool-size", "256M",
            "innodb-log-file-size", "256M", "max-connections", "500");

    private final List<MySqlSandbox> all;
    final MySqlSandbox a;
    final MySqlSandbox b;
    final NativeReplica single;
    final NativeReplica parallel;

    private BenchServers(List<MySqlSandbox> all) {
        this.all = all;
        this.a = all.get(0);
        this.b = all.get(1);
        this.single = new NativeReplica(all.get(2), "native replica, 1 thread");
        this.parallel = new NativeReplica(all.get(3), "native replica, 4 parallel threads");
    }

    static BenchServers start() {
        return new BenchServers(startAll(List.of("a", "b", "replica1", "replica4"), 1));
    }

    /** Starts sandboxes two at a time (the machine may have only two cores); all or none. */
    static List<MySqlSandbox> startAll(List<String> names, int firstServerId) {
        return startAll(names, firstServerId, OPTIONS);
    }

    /** Starts sandboxes with {@code options}, two at a time; all or none. */
    static List<MySqlSandbox> startAll(List<String> names, int firstServerId, Map<String, String> options) {
        List<MySqlSandbox> started = new ArrayList<>();
        try {
            for (int i = 0; i < names.size(); i += 2) {
                List<CompletableFuture<MySqlSandbox>> batch = new ArrayList<>();
                for (int j = i; j < Math.min(names.size(), i + 2); j++) {
                    String name = names.get(j);
                    int id = firstServerId + j;
                    batch.add(CompletableFuture.supplyAsync(() -> MySqlSandbox.start(name, id, options)));
                }
                for (var f : batch) {
                    started.add(f.join());
                }
            }
            return started;
        } catch (CompletionException | IllegalStateException e) {
            started.forEach(MySqlSandbox::close);
            throw new BenchException("cannot start the bench servers: " + e.getMessage(), e);
        }
    }

    List<MySqlSandbox> all() {
        return all;
    }

    /**
     * Creates the databases on A, fills them with sysbench while B and both replicas replicate A,
     * then detaches B (Duplex takes over from there). The replicas keep following A.
     */
    void prepare(Sysbench sysbench, List<String> databases, Duration timeout)
            throws SQLException, InterruptedException {
        BinlogPosition start = NativeReplica.masterPosition(a);
        NativeReplica bAsReplica = new NativeReplica(b, "b as replica");
        for (NativeReplica r : List.of(bAsReplica, single, parallel)) {
            r.follow(a, start, r == parallel ? 4 : 0);
        }
        try (Connection c = a.connect(); Statement st = c.createStatement()) {
            for (String db : databases) {
                st.execute("CREATE DATABASE " + db);
            }
            Probes.createTable(c);
        }
        for (String db : databases) {
            sysbench.prepare(a, db);
        }
        BinlogPosition end = NativeReplica.masterPosition(a);
        for (NativeReplica r : List.of(bAsReplica, single, parallel)) {
            r.awaitApplied(end, timeout);
        }
        bAsReplica.detach();
    }

    @Override
    public void close() {
        for (MySqlSandbox s : all.reversed()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // Closing the others matters more; the sandbox reaper removes what is left at exit.
            }
        }
    }
}
