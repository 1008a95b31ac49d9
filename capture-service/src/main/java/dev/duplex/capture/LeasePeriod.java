package dev.duplex.capture;

import dev.duplex.capture.decode.Collations;
import dev.duplex.capture.heartbeat.HeartbeatWriter;
import dev.duplex.capture.publish.ApplyBarrier;
import dev.duplex.capture.publish.BatchPublisher;
import dev.duplex.capture.publish.LeaseKeeper;
import dev.duplex.capture.publish.QueueBacklog;
import dev.duplex.capture.publish.SqsPublisher;
import dev.duplex.capture.reader.ReaderSettings;
import dev.duplex.capture.source.ConnectionFactory;
import dev.duplex.capture.source.JdbcSchemaCatalog;
import dev.duplex.capture.source.SourceInfo;
import dev.duplex.capture.source.SourceInspector;
import dev.duplex.core.config.NodeConfig;
import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.LeaseLostException;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.ResumePoint;
import dev.duplex.core.model.Seq;
import dev.duplex.core.sql.NodeConnections;
import dev.duplex.core.sql.NodeTls;
import dev.duplex.core.store.CaptureCheckpoint;
import dev.duplex.core.store.Lease;
import dev.duplex.core.store.RewindRequest;
import dev.duplex.core.wire.BatchCodec;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capture while holding the lease: checks the source, finds the start position, then runs
 * sessions one after another. A retriable failure (source, SQS or DynamoDB unreachable) starts
 * a new session from the last checkpoint after a growing pause (1 s up to 30 s by default);
 * once failures have lasted longer than the retry window, it gives up with a fatal error.
 */
final class LeasePeriod {
    private static final Logger LOG = LoggerFactory.getLogger(LeasePeriod.class);

    private final CaptureSettings settings;
    private final CaptureResources resources;
    private final CaptureMetrics metrics;
    private final ConnectionFactory connections;
    private final SourcePassword password;
    private final LeaseKeeper keeper;
    private final SourceInspector inspector;
    private final SessionRetries retries;
    private volatile BinlogSession current;
    private final InitialLoad initialCopy;
    private final PinnedStart starts;
    private final RewindWatcher rewinds;
    private final StoredConfig stored;
    private volatile boolean stopping;
    /** After a full sync: the snapshot's end position, up to which transactions are catch-up. */
    private BinlogPosition catchUpUntil;
    private JdbcSchemaCatalog catalog;
    private SessionContext context;
    private HeartbeatWriter heartbeat;
    private QueueBacklog backlog;
    private CaptureCheckpoint checkpoint;

    LeasePeriod(CaptureSettings settings, CaptureResources resources, CaptureMetrics metrics,
                  ConnectionFactory connections, Lease lease, StoredConfig stored) {
        this.settings = settings;
        this.resources = resources;
        this.metrics = metrics;
        this.connections = connections;
        this.stored = stored;
        this.password = new SourcePassword(settings, resources.secrets());
        this.keeper = new LeaseKeeper(resources.leases(), lease, settings.leaseTtl(), settings.leaseRenewEvery(),
                resources.clock(), this::onLeaseLost);
        NodeConfig node = settings.config().node(settings.node());
        this.inspector = new SourceInspector(connections, node.address());
        this.retries = new SessionRetries(settings, metrics, resources.clock());
        this.initialCopy = new InitialLoad(settings, resources, metrics, connections, keeper, inspector);
        this.starts = new PinnedStart(settings, resources, metrics, () -> stopping);
        this.rewinds = new RewindWatcher(settings, resources.checkpoints(), this::onRewind);
    }

    /**
     * Runs until stopped (returns) or until the lease is lost or a failure cannot be retried (throws).
     */
    void run() {
        keeper.start();
        rewinds.start();
        try {
            loop();
        } finally {
            rewinds.stop();
            if (heartbeat != null) {
                heartbeat.stop();
            }
            if (backlog != null) {
                backlog.stop();
            }
            keeper.stop();
            if (stopping) {
                keeper.release();
            }
            if (catalog != null) {
                catalog.close();
            }
        }
    }

    private void loop() {
        while (!stopping) {
            BinlogSession session = null;
            try {
                metrics.state(CaptureStatus.State.STARTING, "");
                ReaderSettings from = initialLoad(prepare());
                if (from == null) {
                    return;
                }
                session = new BinlogSession(context, from, catchUpUntil, groupChains(), checkpoint.groupStarts(),
                        this::onCheckpoint);
                current = session;
                if (keeper.isLost()) {
                    throw lost();
                }
                if (!stopping) {
                    session.run();
                }
                return;
            } catch (LeaseLostException e) {
                throw e;
            } catch (RuntimeException e) {
                DuplexException failure = password.judge(Failures.typed(e));
                boolean progressed = session != null && session.madeProgress();
                if (stopping || !pause(retries.delayAfter(failure, progressed, positionText()))) {
                    return;
                }
            } finally {
                current = null;
            }
        }
    }

    /** Checks the source and decides where the next session reads from. */
    private ReaderSettings prepare() {
        SourceInfo info = inspector.check();
        if (context == null) {
            catalog = new JdbcSchemaCatalog(connections, info.mariaDb());
            Collations collations = new Collations(catalog.collations(), catalog.collationNames());
            SqsPublisher sqs = new SqsPublisher(resources.sqs(), settings.queueUrl(), new BatchCodec(),
                    settings.maxBatchBytes());
            BatchPublisher publisher = new BatchPublisher(sqs, resources.checkpoints(), keeper, info.serverIdentity(),
                    resources.clock());
            context = new SessionContext(stored, settings.direction(), info, catalog, collations,
                    settings.batchSettings(), publisher, metrics, watchBacklog(),
                    new ApplyBarrier(new NodeConnections(settings.config().node(settings.direction().targetNode()),
                            resources.secrets()), settings.task(), settings.direction()),
                    resources.taskLog(settings.task(), settings.direction()));
        }
        Optional<RewindRequest> rewind = resources.checkpoints().rewindRequest(settings.task(), settings.direction());
        Optional<CaptureCheckpoint> stored = checkpoint != null ? Optional.of(checkpoint)
                : resources.checkpoints().load(settings.task(), settings.direction());
        StartPosition start = rewind.isPresent() ? rewound(rewind.get(), info) : startOf(info, stored);
        if (checkpoint == null || rewind.isPresent()) {
            LOG.info("task={} dir={} pos={} {} (chain {} after seq {})", settings.task(), settings.direction().code(),
                    start.position(), start.why(), start.chain(), start.lastSeq());
        }
        Map<String, Seq> groups = stored.map(known -> known.keepingGroups(start.groupSeqs())).orElse(start.groupSeqs());
        checkpoint = new CaptureCheckpoint(settings.task(), settings.direction(), start.position(), start.lastSeq(),
                info.serverIdentity(), resources.clock().instant(), start.chain(), groups,
                stored.map(CaptureCheckpoint::groupStarts).orElse(Map.of()));
        if (start.isNew()) {
            context.publisher().save(checkpoint);
        }
        // Only once the rewound checkpoint is stored: a crash before leaves the request to adopt again.
        rewind.ifPresent(r -> resources.checkpoints().clearRewind(r));
        metrics.checkpointed(start.position());
        startHeartbeat();
        return readerFrom(start.position());
    }

    /** From the checkpoint, or for a capture without one: an override, the task's pinned start, or now. */
    private StartPosition startOf(SourceInfo info, Optional<CaptureCheckpoint> stored) {
        Optional<ResumePoint> override = checkpoint != null ? Optional.empty() : settings.startOverride();
        Optional<BinlogPosition> pinned = stored.isEmpty() && override.isEmpty() ? starts.awaitPinned()
                : Optional.empty();
        return StartPosition.resolve(settings.task(), stored, override, pinned, info.serverIdentity(),
                StartPosition.Source.of(inspector, info.mariaDb()));
    }

    /** duplex task recover asked to read again from what the target applied, under a new chain. */
    private StartPosition rewound(RewindRequest r, SourceInfo info) {
        StartPosition start = StartPosition.resolve(settings.task(), Optional.empty(), Optional.of(r.from()),
                info.serverIdentity(), StartPosition.Source.of(inspector, info.mariaDb()));
        return new StartPosition(start.position(), start.lastSeq(), start.chain(), true,
                "rewound by duplex task recover to what the target applied (request " + r.id() + ")");
    }

    /** Resolves the password again for every session: a rotated secret reaches the binlog connection too. */
    private ReaderSettings readerFrom(BinlogPosition position) {
        NodeConfig node = settings.config().node(settings.node());
        return new ReaderSettings(node.host(), node.port(), node.user(), password.forNextSession(),
                new NodeTls(node, resources.secrets()),
                settings.replicaServerId(), position, Duration.ofSeconds(5), Duration.ofSeconds(20),
                Duration.ofSeconds(10));
    }

    /** The chain the next message continues: the one of the checkpoint the session reads from. */
    private Batch.Chain chainSeed() {
        return new Batch.Chain(checkpoint.chain(), context.source().serverIdentity(), checkpoint.lastSeq());
    }

    /** The chain each message group continues: the checkpoint's, each group after its own last accepted seq. */
    private Map<String, Batch.Chain> groupChains() {
        Map<String, Batch.Chain> chains = new HashMap<>();
        Batch.Chain seed = chainSeed();
        checkpoint.seqsByGroup(settings.batchSettings().group()).forEach((group, seq) -> chains.put(group, seed.after(seq)));
        return chains;
    }

    /** Streams where the initial load says, if there is one, after its copy; null when stopped meanwhile. */
    private ReaderSettings initialLoad(ReaderSettings from) {
        InitialLoad.Outcome outcome = initialCopy.run(context, chainSeed());
        if (outcome.stopped()) {
            if (keeper.isLost()) {
                throw lost();
            }
            return null;
        }
        outcome.streamFrom().ifPresent(this::onCheckpoint);
        catchUpUntil = outcome.catchUpUntil();
        return outcome.streamFrom().map(cp -> readerFrom(cp.position())).orElse(from);
    }

    /** Looks at the queue's depth every second while batches may wait longer under a backlog. */
    private BooleanSupplier watchBacklog() {
        if (!settings.watchesBacklog()) {
            return () -> false;
        }
        backlog = new QueueBacklog(resources.sqs(), settings.queueUrl(), settings.task(), settings.direction());
        backlog.start();
        QueueBacklog watching = backlog;
        return watching::backlogged;
    }

    private void startHeartbeat() {
        if (heartbeat != null) {
            return;
        }
        try {
            HeartbeatWriter.createSchema(connections);
        } catch (SQLException e) {
            throw Failures.typed(e);
        }
        heartbeat = new HeartbeatWriter(connections, settings.task(), settings.node(), settings.heartbeatInterval());
        heartbeat.start();
    }

    private void onCheckpoint(CaptureCheckpoint cp) {
        checkpoint = cp;
        metrics.checkpointed(cp.position());
    }

    private void onRewind() {
        BinlogSession s = current;
        if (s != null) {
            s.stop(new RetriableException("duplex task recover asked for a rewind; reading "
                    + "the binlog again from what the target applied"));
        }
    }

    private void onLeaseLost() {
        initialCopy.stop();
        BinlogSession s = current;
        if (s != null) {
            s.stop(lost());
        }
    }

    private LeaseLostException lost() {
        return new LeaseLostException("capture lease for task '" + settings.task() + "' node '" + settings.node()
                + "' was lost: another capture holds it; this one stops publishing");
    }

    private String positionText() {
        return checkpoint == null ? "" : checkpoint.position().toString();
    }

    private boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return !stopping;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void stop() {
        stopping = true;
        initialCopy.stop();
        BinlogSession s = current;
        if (s != null) {
            s.stop(null);
        }
    }
}
