package dev.duplex.capture;

import dev.duplex.capture.source.SourceInspector;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.StartOver;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.ResumePoint;
import dev.duplex.core.model.Seq;
import dev.duplex.core.store.CaptureCheckpoint;
import java.util.Map;
import java.util.Optional;

/**
 * Where a capture starts: its stored checkpoint; an override instead when there is no checkpoint
 * or the override is earlier (a rewind, e.g. to the position the target last applied, whose chain
 * it continues); else the source's current position, for a new task, with a new chain. A
 * checkpoint or an applied position taken on another server, or pointing into a purged binlog
 * file, stops the task: guessing could lose or repeat data.
 *
 * @param position  the transaction boundary to read from
 * @param lastSeq   the seq before the first message sent from here: the chain's predecessor
 * @param chain     id of the chain the messages continue
 * @param isNew     no checkpoint existed: the start must be stored before anything is read
 * @param why       for the log
 * @param groupSeqs the predecessors of the other message groups' chains, as the checkpoint kept them
 */
record StartPosition(BinlogPosition position, Seq lastSeq, String chain, boolean isNew, String why,
                     Map<String, Seq> groupSeqs) {

    StartPosition(BinlogPosition position, Seq lastSeq, String chain, boolean isNew, String why) {
        this(position, lastSeq, chain, isNew, why, Map.of());
    }

    /** What the start needs to know of the source now. */
    interface Source {
        /** The binlog files the server has, in order, with their sizes. */
        Map<String, Long> binaryLogs();

        /** Whether the server's binlog history still holds every GTID of {@code gtidSet}. */
        boolean hasGtids(String gtidSet);

        /** The position the next transaction will be written at. */
        BinlogPosition current();

        /** The source as {@code inspector} sees it, asked only when the start needs it. */
        static Source of(SourceInspector inspector, boolean mariaDb) {
            return new Source() {
                @Override
                public Map<String, Long> binaryLogs() {
                    return inspector.binaryLogs();
                }

                @Override
                public boolean hasGtids(String gtidSet) {
                    return inspector.hasGtids(gtidSet, mariaDb);
                }

                @Override
                public BinlogPosition current() {
                    return inspector.currentPosition(mariaDb);
                }
            };
        }
    }

    static StartPosition resolve(String task, Optional<CaptureCheckpoint> stored, Optional<ResumePoint> override,
                                 String serverIdentity, Source source) {
        return resolve(task, stored, override, Optional.empty(), serverIdentity, source);
    }

    /**
     * @param pinned the task's start position for this capture, recorded by {@code duplex task start}:
     *               where a capture without checkpoint or override starts, however late it comes up
     */
    static StartPosition resolve(String task, Optional<CaptureCheckpoint> stored, Optional<ResumePoint> override,
                                 Optional<BinlogPosition> pinned, String serverIdentity, Source source) {
        override.ifPresent(o -> requireSameServer(task, o.source(), serverIdentity, o.position(), "the target applied"));
        if (stored.isPresent()) {
            CaptureCheckpoint cp = stored.get();
            requireSameServer(task, cp.serverIdentity(), serverIdentity, cp.position(), "the checkpoint was taken");
            if (override.isPresent() && override.get().position().compareTo(cp.position()) < 0) {
                ResumePoint o = override.get();
                return checked(task, o.position(), o.lastSeq(), orNew(o.chain().isEmpty() ? cp.chain() : o.chain()),
                        false, "rewound to the given start position (checkpoint was at " + cp.position() + ")",
                        source);
            }
            if (override.isPresent()) {
                // The target applied past the checkpoint, but what the queue held may be gone (duplex local's
                // emulator keeps nothing): no group may skip what it had sent, only what the target applied.
                Seq applied = override.get().lastSeq();
                return checked(task, cp.position(), applied.compareTo(cp.lastSeq()) < 0 ? applied : cp.lastSeq(),
                        orNew(cp.chain()), false, "resuming from the checkpoint (the target applied past it)", source);
            }
            StartPosition resumed = checked(task, cp.position(), cp.lastSeq(), orNew(cp.chain()), false,
                    "resuming from the checkpoint", source);
            return new StartPosition(resumed.position(), resumed.lastSeq(), resumed.chain(), false, resumed.why(),
                    cp.groupSeqs());
        }
        if (override.isPresent()) {
            ResumePoint o = override.get();
            return checked(task, o.position(), o.lastSeq(), orNew(o.chain()), true, "starting at the given start position",
                    source);
        }
        if (pinned.isPresent()) {
            return checked(task, pinned.get(), Seq.ZERO, Batch.Chain.newId(), true,
                    "new task: starting where the task started (pinned by duplex task start)", source);
        }
        return new StartPosition(source.current(), Seq.ZERO, Batch.Chain.newId(), true,
                "new task: starting at the source's current position");
    }

    private static String orNew(String chain) {
        return chain.isEmpty() ? Batch.Chain.newId() : chain;
    }

    private static void requireSameServer(String task, String recorded, String now, BinlogPosition at, String what) {
        if (!recorded.isEmpty() && !recorded.equals(now)) {
            throw new FatalException(what + " on server " + recorded + " but the node now answers as " + now
                    + ": a different server is behind the same address (a restore or a failover); the positions "
                    + "recorded do not exist on it: " + StartOver.with(task), at.toString(), 0, null);
        }
    }

    private static StartPosition checked(String task, BinlogPosition p, Seq lastSeq, String chain, boolean isNew,
                                         String why, Source source) {
        Map<String, Long> files = source.binaryLogs();
        String startOver = StartOver.with(task);
        if (!files.containsKey(p.file())) {
            throw new FatalException("binlog file " + p.file() + " is no longer on the source (it has "
                    + files.keySet() + "); the changes since " + p + " are lost to capture (purged, or RESET MASTER): "
                    + startOver + ", and keep binlogs longer (binlog_expire_logs_seconds)", p.toString(), 0, null);
        }
        // RESET MASTER starts the same file names again: a position may name a file that is not the one it was in.
        if (p.pos() > files.get(p.file())) {
            throw new FatalException("binlog file " + p.file() + " holds " + files.get(p.file()) + " bytes, less than "
                    + "the position " + p.pos() + " to resume from: the source's binlog was reset (RESET MASTER) or "
                    + "rewritten, so its positions mean other changes now; " + startOver, p.toString(), 0, null);
        }
        if (!p.gtidSet().isEmpty() && !source.hasGtids(p.gtidSet())) {
            throw new FatalException("the source's binlog no longer holds the GTIDs " + p.gtidSet() + " recorded at "
                    + p + ": its binlog was reset (RESET MASTER) or another server answers, so its positions mean "
                    + "other changes now; " + startOver, p.toString(), 0, null);
        }
        return new StartPosition(p, lastSeq, chain, isNew, why);
    }
}
