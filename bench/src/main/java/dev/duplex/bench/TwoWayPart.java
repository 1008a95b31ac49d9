package dev.duplex.bench;

import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Part 3, two-way: sysbench on A (database sbtest_a) and on B (sbtest_b) at once, Duplex
 * applying both ways. The peer is MariaDB's circular (master-master) replication between the two
 * replicas of part 1, single-threaded both ways, under the same load.
 */
final class TwoWayPart {
    static final int WARM_UP_SECONDS = 10;
    static final String DB_A = "sbtest_a";
    static final String DB_B = "sbtest_b";
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final String LIVE = "Two-way A⇄B, live";
    private static final String BACKLOG = "Two-way A⇄B, backlog both ways at once";

    private final BenchContext ctx;
    private final BenchServers servers;
    private final DuplexTask task;

    TwoWayPart(BenchContext ctx, BenchServers servers, DuplexTask task) {
        this.ctx = ctx;
        this.servers = servers;
        this.task = task;
    }

    /** One direction: the load on {@code source}, applied to {@code target} by {@code applier}. */
    record Side(String name, MySqlServer source, String database, String series, MySqlServer target,
                Applier applier) {}

    record Live(LatencySamples latency) {}

    record Backlog(BinlogRows.Count rows, double seconds, double tps, DuplexTask.Applied applied) {
        double rate() {
            return rows.rows() / seconds;
        }
    }

    void run() throws Exception {
        servers.single.detach();
        servers.parallel.detach();
        List<Side> duplex = List.of(
                new Side("a→b", servers.a, DB_A, "tw-a", servers.b, task.applier(Direction.A2B)),
                new Side("b→a", servers.b, DB_B, "tw-b", servers.a, task.applier(Direction.B2A)));
        ctx.say("two-way, Duplex: live at %d tx/s per side for %d s, then a backlog of %d s both ways",
                ctx.options().liveTxPerSecond(2), ctx.options().liveSeconds(), ctx.options().seconds());
        List<Live> duplexLive = live(duplex);
        List<Backlog> duplexBacklog = backlog(duplex);
        List<Side> peer = circular();
        ctx.say("two-way, native circular replication: the same runs");
        List<Live> peerLive = live(peer);
        List<Backlog> peerBacklog = backlog(peer);
        report(duplex, duplexLive, duplexBacklog, peerLive, peerBacklog);
    }

    /** Replica 1 and replica 4 of part 1 replicate each other from here on, single-threaded. */
    private List<Side> circular() throws Exception {
        var one = servers.single.server();
        var four = servers.parallel.server();
        NativeReplica intoFour = new NativeReplica(four, "native circular replication, 1 thread");
        NativeReplica intoOne = new NativeReplica(one, "native circular replication, 1 thread");
        intoFour.follow(one, NativeReplica.masterPosition(one), 0);
        intoOne.follow(four, NativeReplica.masterPosition(four), 0);
        return List.of(new Side("a→b", one, DB_A, "twn-a", four, intoFour),
                new Side("b→a", four, DB_B, "twn-b", one, intoOne));
    }

    private List<Live> live(List<Side> sides) throws Exception {
        BenchOptions o = ctx.options();
        warmUp(sides);
        List<LatencySamples> samples = List.of(new LatencySamples(), new LatencySamples());
        List<Probes.Writer> writers = sides.stream().map(s -> new Probes.Writer(s.source(), s.series(),
                CdcPart.PROBE_EVERY)).toList();
        List<Probes.Watcher> watchers = List.of(
                new Probes.Watcher(sides.get(0).target(), sides.get(0).series(), CdcPart.WATCH_EVERY, samples.get(0)),
                new Probes.Watcher(sides.get(1).target(), sides.get(1).series(), CdcPart.WATCH_EVERY, samples.get(1)));
        watchers.forEach(BenchThread::start);
        writers.forEach(BenchThread::start);
        List<Commands.Running> loads = sides.stream().map(s -> ctx.sysbench().start(s.source(), s.database(),
                Sysbench.WRITE_ONLY, o.liveSeconds(), o.liveTxPerSecond(2))).toList();
        for (var load : loads) {
            Sysbench.await(load, o.liveSeconds());
        }
        for (var w : writers) {
            w.stopAndAwait();
        }
        for (int i = 0; i < 2; i++) {
            sides.get(i).applier().awaitApplied(NativeReplica.masterPosition(sides.get(i).source()), TIMEOUT);
            watchers.get(i).awaitSeen(writers.get(i).lastId(), Duration.ofSeconds(30));
            watchers.get(i).stopAndAwait();
        }
        return samples.stream().map(Live::new).toList();
    }

    /**
     * The live load, unmeasured, for a short while first (see {@link CdcPart}'s warm-up); shorter
     * than the incremental part's, which runs before it in the same JVM and compiles the same code.
     */
    private void warmUp(List<Side> sides) throws Exception {
        BenchOptions o = ctx.options();
        int seconds = Math.min(WARM_UP_SECONDS, o.liveSeconds());
        List<Probes.Writer> probes = sides.stream().map(s -> new Probes.Writer(s.source(), s.series() + "-warm-up",
                CdcPart.PROBE_EVERY)).toList();
        probes.forEach(BenchThread::start);
        List<Commands.Running> loads = sides.stream().map(s -> ctx.sysbench().start(s.source(), s.database(),
                Sysbench.WRITE_ONLY, seconds, o.liveTxPerSecond(2))).toList();
        for (var load : loads) {
            Sysbench.await(load, seconds);
        }
        for (var p : probes) {
            p.stopAndAwait();
        }
        for (Side s : sides) {
            s.applier().awaitApplied(NativeReplica.masterPosition(s.source()), TIMEOUT);
        }
    }

    private List<Backlog> backlog(List<Side> sides) throws Exception {
        BenchOptions o = ctx.options();
        for (Side s : sides) {
            s.applier().hold();
        }
        List<BinlogPosition> starts = List.of(NativeReplica.masterPosition(sides.get(0).source()),
                NativeReplica.masterPosition(sides.get(1).source()));
        List<Commands.Running> loads = sides.stream().map(s -> ctx.sysbench().start(s.source(), s.database(),
                Sysbench.WRITE_ONLY, o.seconds(), 0)).toList();
        List<Sysbench.Result> results = List.of(Sysbench.await(loads.get(0), o.seconds()),
                Sysbench.await(loads.get(1), o.seconds()));
        List<BinlogPosition> fences = List.of(NativeReplica.masterPosition(sides.get(0).source()),
                NativeReplica.masterPosition(sides.get(1).source()));
        for (int i = 0; i < 2; i++) {
            sides.get(i).applier().awaitQueued(fences.get(i), TIMEOUT);
        }
        List<DuplexTask.Applied> before = List.of(task.appliedTotals(Direction.A2B), task.appliedTotals(Direction.B2A));
        List<Future<Double>> drains = List.of(
                Timing.async("drain-ab", () -> sides.get(0).applier().drain(fences.get(0), TIMEOUT)),
                Timing.async("drain-ba", () -> sides.get(1).applier().drain(fences.get(1), TIMEOUT)));
        double[] seconds = {Timing.join(drains.get(0)), Timing.join(drains.get(1))};
        for (Side s : sides) {
            Checksums.requireIdentical(s.source(), s.target(), s.database(), o.tables(), s.applier().label());
        }
        List<Backlog> out = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Side s = sides.get(i);
            BinlogRows.Count rows = BinlogRows.count(dataDir(s.source()), starts.get(i), fences.get(i),
                    s.database()::equals);
            DuplexTask.Applied applied = s.applier() instanceof DuplexApplier
                    ? task.awaitTotals(i == 0 ? Direction.A2B : Direction.B2A, before.get(i), rows.rows(),
                            Duration.ofSeconds(5))
                    : new DuplexTask.Applied(0, 0);
            out.add(new Backlog(rows, seconds[i], results.get(i).tps(), applied));
        }
        return out;
    }

    private Path dataDir(MySqlServer s) {
        return servers.all().stream().filter(x -> x == s).findFirst().orElseThrow().dataDir();
    }

    private void report(List<Side> sides, List<Live> dLive, List<Backlog> dBacklog, List<Live> pLive,
                        List<Backlog> pBacklog) {
        BenchOptions o = ctx.options();
        BenchReport r = ctx.report();
        String peer = "native circular replication, 1 thread";
        r.section(LIVE, String.format("oltp_write_only at %d tx/s on each side (A: %s, B: %s) for %d s, %d threads;"
                        + " latency probes every %d ms each way; after %d s of warm-up at the same rate",
                o.liveTxPerSecond(2), DB_A, DB_B, o.liveSeconds(), o.threads(), CdcPart.PROBE_EVERY.toMillis(),
                Math.min(WARM_UP_SECONDS, o.liveSeconds())));
        for (int i = 0; i < 2; i++) {
            String dir = sides.get(i).name();
            LatencySamples d = dLive.get(i).latency();
            LatencySamples p = pLive.get(i).latency();
            r.add(CdcPart.latency(LIVE, dir + " latency p50", d.percentileMillis(50), p.percentileMillis(50), peer));
            r.add(CdcPart.latency(LIVE, dir + " latency p99", d.percentileMillis(99), p.percentileMillis(99), peer));
        }
        r.section(BACKLOG, String.format("oltp_write_only at full speed on both sides for %d s (Duplex: A %,d + B %,d"
                        + " row changes; peer: %,d + %,d), applying held, then both directions drain at once",
                o.seconds(), dBacklog.get(0).rows().rows(), dBacklog.get(1).rows().rows(), pBacklog.get(0).rows().rows(),
                pBacklog.get(1).rows().rows()));
        for (int i = 0; i < 2; i++) {
            r.add(Figure.of(BACKLOG, sides.get(i).name() + " apply rate", "rows/s", dBacklog.get(i).rate(),
                    pBacklog.get(i).rate(), peer));
        }
        for (int i = 0; i < 2; i++) {
            r.add(CdcPart.messageSize(BACKLOG, sides.get(i).name() + " ", dBacklog.get(i).rows(),
                    dBacklog.get(i).applied()));
        }
    }
}
