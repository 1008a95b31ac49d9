package dev.duplex.capture;

import dev.duplex.capture.batch.BatchSettings;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.ResumePoint;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything one capture needs to know, validated once. Build with {@link #builder}; every
 * setting but the task, node and queue URL has a default.
 *
 * @param config           the task as it was when the capture started: its name, nodes and defaults. The
 *                         selection follows the task table's stored version while the capture runs
 *                         ({@code StoredConfig}); whoever starts the capture stores the task first
 * @param node             the node this capture reads: "a" (direction a2b) or "b" (b2a)
 * @param queueUrl         the FIFO queue of this direction
 * @param owner            lease owner id of this process (default host:pid:random)
 * @param retryWindow      how long the source (or SQS, DynamoDB) may stay unreachable before the task
 *                         fails (default: the task's retryWindowMinutes)
 * @param leaseTtl         lease lifetime (default 15 s); a standby takes over this long after the holder died
 * @param leaseRenewEvery  lease renewal period (default 5 s)
 * @param leasePollEvery   how often a standby capture tries to take the lease (default 2 s)
 * @param maxBatchBytes    upper bound of an encoded message (default 900 KiB)
 * @param linger           how long a batch waits for more transactions (default 20 ms)
 * @param backlogLinger    how long it waits while the queue holds a backlog the apply has not received
 *                         (default 250 ms; at most {@code linger} turns the look at the queue off)
 * @param heartbeatInterval heartbeat period (default: the task's heartbeatSeconds)
 * @param startOverride    where to start when there is no checkpoint, or when this is earlier than the
 *                         checkpoint (a rewind, e.g. to the last position the target applied, whose
 *                         chain the capture then continues)
 * @param replicaServerId  server_id presented to the source (default derived from task and node)
 * @param reconnectInitial first reconnect delay (default 1 s), doubling up to {@code reconnectMax} (default 30 s)
 */
public record CaptureSettings(TaskConfig config, String node, String queueUrl, String owner,
                              Duration retryWindow, Duration leaseTtl, Duration leaseRenewEvery,
                              Duration leasePollEvery, int maxBatchBytes, Duration linger, Duration backlogLinger,
                              Duration heartbeatInterval,
                              Optional<ResumePoint> startOverride, long replicaServerId, Duration reconnectInitial,
                              Duration reconnectMax) {

    public CaptureSettings {
        List<String> problems = new ArrayList<>();
        if (config == null) {
            problems.add("config is required");
        }
        if (!"a".equals(node) && !"b".equals(node)) {
            problems.add("node must be 'a' or 'b', got " + node);
        }
        if (queueUrl == null || queueUrl.isBlank()) {
            problems.add("queueUrl is required (the FIFO queue of this direction)");
        }
        requirePositive(problems, "retryWindow", retryWindow);
        requirePositive(problems, "leaseTtl", leaseTtl);
        requirePositive(problems, "leaseRenewEvery", leaseRenewEvery);
        requirePositive(problems, "leasePollEvery", leasePollEvery);
        requirePositive(problems, "heartbeatInterval", heartbeatInterval);
        requirePositive(problems, "reconnectInitial", reconnectInitial);
        requirePositive(problems, "reconnectMax", reconnectMax);
        if (leaseTtl != null && leaseRenewEvery != null && leaseRenewEvery.multipliedBy(2).compareTo(leaseTtl) > 0) {
            problems.add("leaseRenewEvery (" + leaseRenewEvery + ") must be at most half of leaseTtl (" + leaseTtl + ")");
        }
        if (maxBatchBytes < BatchSettings.MIN_MAX_BYTES || maxBatchBytes > 1024 * 1024) {
            problems.add("maxBatchBytes must be " + BatchSettings.MIN_MAX_BYTES + "..1048576, got " + maxBatchBytes);
        }
        if (linger == null || linger.isNegative()) {
            problems.add("linger must be zero or more");
        }
        if (backlogLinger == null || backlogLinger.isNegative() || backlogLinger.compareTo(Duration.ofSeconds(5)) > 0) {
            problems.add("backlogLinger must be 0..5000 ms, got " + (backlogLinger == null ? null
                    : backlogLinger.toMillis() + " ms"));
        }
        if (replicaServerId < 1 || replicaServerId > 0xFFFFFFFFL) {
            problems.add("replicaServerId must be 1..4294967295, got " + replicaServerId);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid capture settings: " + String.join("; ", problems));
        }
        startOverride = startOverride == null ? Optional.empty() : startOverride;
        owner = owner == null || owner.isBlank() ? defaultOwner() : owner;
    }

    public Direction direction() {
        return Direction.fromSource(node);
    }

    public String task() {
        return config.task();
    }

    public BatchSettings batchSettings() {
        return new BatchSettings(config.task(), direction(), null, maxBatchBytes, linger, backlogLinger);
    }

    /** Whether batches wait longer under a backlog, so the queue's depth is worth watching. */
    public boolean watchesBacklog() {
        return backlogLinger.compareTo(linger) > 0;
    }

    public static Builder builder(TaskConfig config, String node, String queueUrl) {
        return new Builder(config, node, queueUrl);
    }

    private static void requirePositive(List<String> problems, String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            problems.add(name + " must be positive");
        }
    }

    static String defaultOwner() {
        return ownerPrefix(ProcessHandle.current().pid(), host()) + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * How the lease owner of every capture of process {@code pid} on {@code host} begins:
     * {@code pid@host:}, then a part of its own.
     */
    public static String ownerPrefix(long pid, String host) {
        return pid + "@" + host + ":";
    }

    /** This host as lease owners name it: the host part of the JVM's {@code pid@host} name. */
    public static String host() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        return name.substring(name.indexOf('@') + 1);
    }

    /** A server_id in 1_000_000_000..1_999_999_999, stable for a task and node. */
    static long defaultReplicaServerId(String task, String node) {
        return 1_000_000_000L + Math.floorMod(Objects.hash(task, node, "duplex"), 1_000_000_000);
    }

    /** Builds settings with defaults. */
    public static final class Builder {
        private final TaskConfig config;
        private final String node;
        private final String queueUrl;
        private String owner;
        private Duration retryWindow;
        private Duration leaseTtl = Duration.ofSeconds(15);
        private Duration leaseRenewEvery = Duration.ofSeconds(5);
        private Duration leasePollEvery = Duration.ofSeconds(2);
        private int maxBatchBytes = BatchSettings.DEFAULT_MAX_BYTES;
        private Duration linger = BatchSettings.DEFAULT_LINGER;
        private Duration backlogLinger = BatchSettings.DEFAULT_BACKLOG_LINGER;
        private Duration heartbeatInterval;
        private Optional<ResumePoint> startOverride = Optional.empty();
        private Long replicaServerId;
        private Duration reconnectInitial = Duration.ofSeconds(1);
        private Duration reconnectMax = Duration.ofSeconds(30);

        private Builder(TaskConfig config, String node, String queueUrl) {
            this.config = config;
            this.node = node;
            this.queueUrl = queueUrl;
        }

        public Builder owner(String v) { owner = v; return this; }
        public Builder retryWindow(Duration v) { retryWindow = v; return this; }
        public Builder leaseTtl(Duration v) { leaseTtl = v; return this; }
        public Builder leaseRenewEvery(Duration v) { leaseRenewEvery = v; return this; }
        public Builder leasePollEvery(Duration v) { leasePollEvery = v; return this; }
        public Builder maxBatchBytes(int v) { maxBatchBytes = v; return this; }
        public Builder linger(Duration v) { linger = v; return this; }
        public Builder backlogLinger(Duration v) { backlogLinger = v; return this; }
        public Builder heartbeatInterval(Duration v) { heartbeatInterval = v; return this; }
        public Builder startOverride(BinlogPosition v) { return startOverride(v == null ? null : ResumePoint.at(v)); }
        public Builder startOverride(ResumePoint v) { startOverride = Optional.ofNullable(v); return this; }
        public Builder replicaServerId(long v) { replicaServerId = v; return this; }
        public Builder reconnect(Duration initial, Duration max) { reconnectInitial = initial; reconnectMax = max; return this; }

        public CaptureSettings build() {
            Objects.requireNonNull(config, "config");
            return new CaptureSettings(config, node, queueUrl, owner,
                    retryWindow != null ? retryWindow : Duration.ofMinutes(config.retryWindowMinutes()),
                    leaseTtl, leaseRenewEvery, leasePollEvery, maxBatchBytes, linger, backlogLinger,
                    heartbeatInterval != null ? heartbeatInterval : Duration.ofSeconds(config.heartbeatSeconds()),
                    startOverride, replicaServerId != null ? replicaServerId : defaultReplicaServerId(config.task(), node),
                    reconnectInitial, reconnectMax);
        }
    }
}
