package dev.duplex.bench;

/** How every figure is measured: printed under the table so the numbers can be judged. */
final class Methods {
    private Methods() {}

    static void describe(BenchReport r) {
        r.method("Duplex runs as `duplex local` does: capture and apply in this JVM, ElasticMQ for SQS and DynamoDB"
                + " Local for DynamoDB, default settings (one message group per direction). Every server of the incremental and"
                + " two-way parts has the same options; B and the replicas get identical data by replicating A's sysbench prepare.");
        r.method("Row changes are counted exactly from the source's binlog (mariadb-binlog --verbose, between the"
                + " positions before and after each run): the work every applier has to do, the same for Duplex and"
                + " the replica because they apply the same binlog range.");
        r.method("Apply rate: while sysbench builds a backlog, applying is held (Duplex task PAUSED, capture keeps"
                + " queueing; replica SQL thread stopped, IO thread keeps fetching). When everything is queued/fetched,"
                + " each applier is released alone and timed until its target has applied up to the source's end"
                + " position (Duplex: the source position in the target's duplex.apply_checkpoint; replica:"
                + " MASTER_POS_WAIT). Rate = row changes / drain seconds. Duplex's drain is timed from its first batch"
                + " applied after the resume: a paused poller looks at the task state every 0.5 s, and that wake-up"
                + " is no part of applying. Two-way: both directions drain at the same time.");
        r.method("Latency: during the live run a probe row stamped with the source's UTC_TIMESTAMP(6) is inserted"
                + " every 20 ms among the sysbench transactions; a watcher polls each target every 10 ms and records"
                + " arrival time minus stamp. So it is source statement time to visible on the target, over-estimated"
                + " by up to the 10 ms poll, the same for Duplex and the replica. Nearest-rank percentiles. The"
                + " profile's wall-clock sampler is off while latency is measured: its stack dumps are global"
                + " safepoints of the JVM that runs Duplex (p99 10 ms to reach, 100 a second), which the replica never"
                + " meets; JFR's CPU samples stay on.");
        r.method("CPU: Duplex's threads by name with ThreadMXBean (capture: capture-/binlog-/process-/lease-/"
                + "heartbeat- threads; apply: poller- and apply-lane- threads); everything else in the JVM (ElasticMQ, DynamoDB Local,"
                + " GC, JIT) is reported apart. MariaDB servers from /proc/PID/stat (user + system).");
        r.method("Snapshot: Duplex from the task's start (precheck included) until it is RUNNING with every row"
                + " copied; mydumper + myloader and mariadb-dump | mariadb timed as processes; each copy goes into the"
                + " same fresh target (database dropped between copies) and is checked with CHECKSUM TABLE.");
        r.method("Verification: one sysbench table on a master and its native replica (innodb-buffer-pool-size="
                + VerifyPart.BUFFER_POOL + ", the table read once on both before either tool runs). Duplex: the"
                + " verifier of `duplex verify` in this JVM (one pass, no re-check), timed from its first connection to"
                + " its outcome; both servers checksum each chunk at the same time. pt-table-checksum: the process timed"
                + " from start to exit, with its defaults (chunks sized to take 0.5 s, replica lag checked after each);"
                + " each chunk's checksum runs on the master and again on the replica through replication, and the"
                + " tool waits for the replica before it compares. Rate = table rows / seconds. Both must find the"
                + " table equal and count every row; pt-table-checksum's count on the replica is read from the"
                + " replica's copy of percona.checksums.");
        r.method("Capture CPU: three binlog files recorded from MariaDB 10.11 (sysbench oltp_write_only and oltp_insert,"
                + " a table of every column family; resources dev/duplex/bench/binlog, whose README says how) replayed"
                + " in this JVM on one thread through capture's own classes: the reader's event deserializers, the"
                + " transaction assembler, the selector with its row decoding, the batcher and the merger (all batches"
                + " waiting, as under a backlog) and the wire encoder; no server, socket or queue. Thread CPU time and"
                + " allocation (ThreadMXBean) around each stage; rate = row changes of a replay / CPU time of the median"
                + " replay, so row changes per second per core. CaptureReplayTest holds the same replay to golden"
                + " message bodies, so the figure is of an unchanged output.");
        r.method("Ratio = Duplex / peer: above 1 is better for rates, below 1 is better for latency, time and CPU.");
    }
}
