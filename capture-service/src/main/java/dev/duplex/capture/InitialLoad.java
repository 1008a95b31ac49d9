package dev.duplex.capture;

import dev.duplex.capture.publish.LeaseKeeper;
import dev.duplex.capture.snapshot.DirectCopy;
import dev.duplex.capture.snapshot.SnapshotCopy;
import dev.duplex.capture.source.ConnectionFactory;
import dev.duplex.capture.source.SourceInspector;
import dev.duplex.core.config.FullSyncRoute;
import dev.duplex.core.config.SyncType;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.filter.Dialect;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.sql.NodeConnections;
import dev.duplex.core.store.CaptureCheckpoint;
import dev.duplex.core.store.SnapshotState;
import dev.duplex.core.store.SnapshotStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forward capture's part of a task's initial load: once the start positions are recorded and
 * until the copy is done, copy node a's rows (full sync) before streaming; then stream from the
 * start position, with catch-up up to where the copy ended.
 */
final class InitialLoad {
    /**
     * @param streamFrom   the checkpoint stored after the copy (at the start position), to read the binlog
     *                     from instead of the prepared start; empty: as prepared
     * @param catchUpUntil the snapshot's end position, or null when this capture has no initial load
     * @param stopped      the capture was stopped during the copy: do not stream
     */
    record Outcome(Optional<CaptureCheckpoint> streamFrom, BinlogPosition catchUpUntil, boolean stopped) {
        static final Outcome NONE = new Outcome(Optional.empty(), null, false);
    }

    private static final Logger LOG = LoggerFactory.getLogger(InitialLoad.class);
    private static final Duration SCHEMA_POLL = Duration.ofMillis(500);
    private static final Duration ROUTE_LEASE_WAIT = Duration.ofSeconds(5);

    private final CaptureSettings settings;
    private final CaptureResources resources;
    private final CaptureMetrics metrics;
    private final ConnectionFactory connections;
    private final LeaseKeeper keeper;
    private final SourceInspector inspector;
    private volatile Runnable copying;
    private volatile boolean stopping;

    InitialLoad(CaptureSettings settings, CaptureResources resources, CaptureMetrics metrics,
                ConnectionFactory connections, LeaseKeeper keeper, SourceInspector inspector) {
        this.settings = settings;
        this.resources = resources;
        this.metrics = metrics;
        this.connections = connections;
        this.keeper = keeper;
        this.inspector = inspector;
    }

    /** Copies if the copy is due; runs on the capture's thread while it holds the lease. */
    Outcome run(SessionContext context, Batch.Chain chain) {
        SnapshotStore store = resources.snapshots();
        if (store == null || !settings.direction().isForward() || !settings.config().sync().includes(SyncType.FULL)) {
            return Outcome.NONE;
        }
        Optional<SnapshotState> stored = awaitSchema(store);
        if (stored.isEmpty() || !stored.get().positionsRecorded()) {
            return stopping ? new Outcome(Optional.empty(), null, true) : Outcome.NONE;
        }
        if (stored.get().copied()) {
            return new Outcome(Optional.empty(), stored.get().endPos(), false);
        }
        SnapshotState state = routed(store, stored.get());
        metrics.state(CaptureStatus.State.SNAPSHOT, "");
        Supplier<BinlogPosition> end = () -> inspector.currentPosition(context.source().mariaDb());
        Dialect dialect = Dialect.of(context.source().mariaDb(), context.source().version());
        Optional<SnapshotCopy.Result> result;
        if (settings.config().sync().fullSync().via() == FullSyncRoute.QUEUE) {
            SnapshotCopy copy = new SnapshotCopy(settings.config(), settings.batchSettings(), connections,
                    context.catalog(), dialect, context.publisher(), keeper, store, resources.applied(), resources.clock());
            result = copying(copy::stop, () -> copy.run(state, chain, end));
        } else {
            DirectCopy copy = new DirectCopy(settings.config(), connections, nodeB(), context.catalog(), dialect,
                    keeper, store, resources.clock());
            result = copying(copy::stop, () -> copy.run(state, chain, end));
        }
        if (result.isEmpty()) {
            return new Outcome(Optional.empty(), null, true);
        }
        SnapshotState done = result.get().state();
        resources.copied().run(); // the coordinator moves the task to RUNNING now, not at its next look
        // Stream from the start: a crash from here on resumes there (or later), never past the catch-up.
        CaptureCheckpoint cp = new CaptureCheckpoint(settings.task(), settings.direction(), done.startPos(),
                result.get().lastSeq(), context.source().serverIdentity(), resources.clock().instant(), chain.id());
        context.publisher().save(cp);
        return new Outcome(Optional.of(cp), done.endPos(), false);
    }

    /**
     * The state with the copy's route recorded: the first start records fullSync.via; a later one
     * must go the same way. A direct copy keeps its progress in node b's duplex schema and drops node
     * b's non-unique indexes until each table is copied; the queue's keeps it in the snapshot store
     * only. Finishing one the other way would copy rows twice or leave node b without those indexes.
     */
    private SnapshotState routed(SnapshotStore store, SnapshotState state) {
        FullSyncRoute via = settings.config().sync().fullSync().via();
        if (state.route() == null) {
            SnapshotState routed = state.withRoute(via, resources.clock().instant());
            store.save(routed, keeper.valid(ROUTE_LEASE_WAIT));
            return routed;
        }
        if (state.route() != via) {
            throw new FatalException("full sync of task " + settings.task() + " began with fullSync.via: "
                    + state.route().code() + " and the task now says " + via.code() + "; a copy must end the way"
                    + " it began (a direct copy records its chunks and node b's deferred indexes on node b, a copy via"
                    + " the queue in the snapshot store only). Set fullSync.via back to " + state.route().code()
                    + " and recover the task (duplex task recover), or reset it (duplex task reset) and start it again"
                    + " to copy " + via.code());
        }
        return state;
    }

    private Optional<SnapshotCopy.Result> copying(Runnable stop, Supplier<Optional<SnapshotCopy.Result>> run) {
        copying = stop;
        try {
            return stopping ? Optional.empty() : run.get();
        } finally {
            copying = null;
        }
    }

    /**
     * Node b for the direct copy, opened with this capture's own secrets (on AWS its role may read
     * node b's secret). LOAD DATA LOCAL is allowed on these connections only; the copy hands the
     * driver an in-memory stream, never a file name.
     */
    private ConnectionFactory nodeB() {
        NodeConnections b = new NodeConnections(settings.config().b(), resources.secrets());
        return () -> b.open(Map.of("allowLoadLocalInfile", "true"));
    }

    /**
     * Waits while schema sync has yet to create the tables on node b: on AWS the coordinator runs it
     * beside this capture (locally it is done before the captures start). Empty when stopped.
     */
    private Optional<SnapshotState> awaitSchema(SnapshotStore store) {
        boolean schema = settings.config().sync().includes(SyncType.SCHEMA);
        Optional<SnapshotState> s = store.state(settings.task());
        boolean logged = false;
        while (!stopping && schema && s.isPresent() && s.get().positionsRecorded() && !s.get().schemaDone()) {
            if (!logged) {
                LOG.info("task={} dir={} waiting for schema sync to finish before copying", settings.task(),
                        settings.direction().code());
                logged = true;
            }
            metrics.state(CaptureStatus.State.SNAPSHOT, "waiting for schema sync");
            try {
                Thread.sleep(SCHEMA_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            s = store.state(settings.task());
        }
        return stopping ? Optional.empty() : s;
    }

    void stop() {
        stopping = true;
        Runnable copy = copying;
        if (copy != null) {
            copy.run();
        }
    }
}
