package dev.duplex.bench;

/**
 * CPU use at one moment: the bench JVM's threads (capture and apply run there) and the
 * processes of two target servers, Duplex's and a peer's.
 */
record Resources(CpuMeter.Sample jvm, long duplexTarget, double duplexTargetCpu, long peerTarget,
                 double peerTargetCpu) {

    static Resources take(Applier duplex, Applier peer) {
        long d = duplex.targetPid();
        long p = peer.targetPid();
        return new Resources(CpuMeter.take(), d, ProcessStats.cpuSeconds(d), p, ProcessStats.cpuSeconds(p));
    }

    Used until(Resources later) {
        return new Used(CpuMeter.between(jvm, later.jvm), later.duplexTargetCpu - duplexTargetCpu,
                later.peerTargetCpu - peerTargetCpu);
    }

    /**
     * What was used between two moments.
     *
     * @param duplexTargetCpu CPU seconds of Duplex's target server
     * @param targetCpu       CPU seconds of the peer's target server (Duplex's own when the peer is Duplex)
     */
    record Used(CpuMeter.Usage cpu, double duplexTargetCpu, double targetCpu) {

        /** The CPU rows of a live run: each Duplex component, the target servers, and the totals. */
        void addCpuFigures(BenchReport r, String section, long rows, String peerName) {
            double capture = cpu.cpu("capture a2b");
            double apply = cpu.cpu("apply a2b");
            double reverse = cpu.cpu("capture b2a") + cpu.cpu("apply b2a");
            r.add(Figure.duplexOnly(section, "CPU capture a2b", "s", capture,
                    "threads reading A's binlog, batching, sending to the queue, heartbeat, lease"));
            r.add(Figure.duplexOnly(section, "CPU apply a2b", "s", apply,
                    "the poller thread: receive, decode, apply to B, delete"));
            r.add(Figure.duplexOnly(section, "CPU b2a", "s", reverse,
                    "B's capture reading back the applied changes and dropping them (loop prevention), heartbeats"));
            r.add(Figure.of(section, "CPU target server", "s", duplexTargetCpu, targetCpu, peerName)
                    .withNote("B's mariadbd vs the replica's mariadbd (IO + SQL threads)"));
            r.add(Figure.of(section, "CPU total without the AWS stand-ins", "s",
                    capture + apply + reverse + duplexTargetCpu, targetCpu, peerName)
                    .withNote("capture + apply + b2a + B's server vs the replica's server"));
            r.add(Figure.duplexOnly(section, "CPU of ElasticMQ, DynamoDB Local, GC, JIT", "s", cpu.cpu(CpuMeter.OTHER),
                    "the bench JVM's other threads; on AWS, SQS and DynamoDB run elsewhere"));
            r.add(Figure.duplexOnly(section, "allocated per row change, capture a2b", "KiB",
                    cpu.allocated("capture a2b") * 1024 / Math.max(1, rows), "heap allocation rate, by thread"));
            r.add(Figure.duplexOnly(section, "allocated per row change, apply a2b", "KiB",
                    cpu.allocated("apply a2b") * 1024 / Math.max(1, rows), "heap allocation rate, by thread"));
        }
    }
}
