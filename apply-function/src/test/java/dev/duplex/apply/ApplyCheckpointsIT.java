package dev.duplex.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.ResumePoint;
import dev.duplex.core.model.Seq;
import dev.duplex.core.sql.ApplyCheckpoints;
import dev.duplex.core.sql.CheckpointKey;
import dev.duplex.core.sql.DuplexSchema;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where a rewound capture resumes (duplex task recover, a restarted duplex local) when the
 * direction's message groups applied up to different positions: from the group furthest behind,
 * or that group would miss what it had not applied. Real MariaDB.
 */
class ApplyCheckpointsIT {
    private static final String FILE = "mysql-bin.000004";
    private static ApplyFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = ApplyFixture.start();
        try (Connection c = fx.target.connect(); Statement st = c.createStatement()) {
            DuplexSchema.create(st);
        }
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private static void applied(Connection c, String group, long seqPos, long resumePos) throws Exception {
        applied(c, group, seqPos, resumePos, "groups");
    }

    private static void applied(Connection c, String group, long seqPos, long resumePos, String task)
            throws Exception {
        ApplyCheckpoints.write(c, new CheckpointKey(task, Direction.A2B, group),
                Seq.ofTransaction(new BinlogPosition(FILE, seqPos), 0), new BinlogPosition(FILE, resumePos),
                new Batch.Chain("run-1", "server-a", Seq.ZERO), ApplyCheckpoints.Applied.NOTHING);
    }

    @Test
    void shouldResumeFromTheGroupFurthestBehind() throws Exception {
        try (Connection c = fx.target.connect()) {
            assertEquals(Optional.empty(), ApplyCheckpoints.earliestResumePoint(c, "groups", Direction.A2B));
            applied(c, "a2b", 300, 350);
            applied(c, "a2b.t2", 100, 150);
            applied(c, "a2b.t3", 500, 550);
            assertEquals(Optional.of(new ResumePoint(new BinlogPosition(FILE, 150),
                            Seq.ofTransaction(new BinlogPosition(FILE, 300), 0), "run-1", "server-a")),
                    ApplyCheckpoints.earliestResumePoint(c, "groups", Direction.A2B),
                    "from where the t2 group applied least (the default group's position would skip what t2 has "
                            + "not), with the seq the default group's chain continues from");
        }
    }

    /**
     * A group the capture sent to that applied nothing has no row, so the group furthest behind
     * among those with one may be past its messages: a restarted {@code duplex local}, whose queue
     * lost them, resumed after them and lost its rows. Where the capture checkpoint says its first
     * transaction began holds the resume point back; a group that applied something is not held
     * back to its start.
     */
    @Test
    void shouldResumeFromTheFirstTransactionSentToAGroupThatAppliedNothing() throws Exception {
        try (Connection c = fx.target.connect()) {
            applied(c, "a2b", 700, 750, "unapplied");
            applied(c, "a2b.t1", 600, 650, "unapplied");
            Map<String, BinlogPosition> sentFrom = Map.of("a2b", new BinlogPosition(FILE, 4),
                    "a2b.t1", new BinlogPosition(FILE, 100), "a2b.late", new BinlogPosition(FILE, 400));
            ResumePoint p = ApplyCheckpoints.earliestResumePoint(c, "unapplied", Direction.A2B, sentFrom)
                    .orElseThrow();
            assertEquals(new BinlogPosition(FILE, 400), p.position(), "the late group's first transaction sent");
            assertEquals(Seq.ofTransaction(new BinlogPosition(FILE, 700), 0), p.lastSeq(),
                    "the default group still continues from its own seq");
            applied(c, "a2b.late", 450, 500, "unapplied");
            assertEquals(new BinlogPosition(FILE, 500),
                    ApplyCheckpoints.earliestResumePoint(c, "unapplied", Direction.A2B, sentFrom).orElseThrow()
                            .position(), "once it applied something, from where it stands");
        }
    }

    /**
     * The default group's chain continues from its own seq, also when another group is furthest
     * behind: with that group's seq, the default group's first message after a rewind names a
     * predecessor the default group never applied, and its apply stops on a hole that is not there
     * (found by LostMessageIT's partitioned recovery in a clean-clone CI run).
     */
    @Test
    void shouldContinueTheDefaultGroupFromItsOwnSeq() throws Exception {
        try (Connection c = fx.target.connect()) {
            applied(c, "a2b.t1", 900, 950, "own");
            applied(c, "a2b.t2", 500, 550, "own");
            assertEquals(Seq.ZERO, ApplyCheckpoints.earliestResumePoint(c, "own", Direction.A2B).orElseThrow().lastSeq(),
                    "the default group applied nothing");
            applied(c, "a2b", 200, 250, "own");
            ResumePoint p = ApplyCheckpoints.earliestResumePoint(c, "own", Direction.A2B).orElseThrow();
            assertEquals(new BinlogPosition(FILE, 250), p.position());
            assertEquals(Seq.ofTransaction(new BinlogPosition(FILE, 200), 0), p.lastSeq());
        }
    }

    /**
     * A group that applied nothing before {@code duplex task recover} has no row to mark the old
     * chain retired in: it gets the direction's retired chains, each with the seq from which the
     * rewound capture sends again, when its row is created; and a retired chain's message applied
     * there does not become its chain, so the new chain's messages continue it.
     */
    @Test
    void shouldGiveAGroupThatAppliedNothingTheRetiredChainsWithTheirRewindPoint() throws Exception {
        Seq rewind = Seq.ofTransaction(new BinlogPosition(FILE, 300), 0);
        try (Connection c = fx.target.connect()) {
            c.setAutoCommit(true);
            ApplyCheckpoints.write(c, new CheckpointKey("late", Direction.A2B, "a2b.t1"),
                    Seq.ofTransaction(new BinlogPosition(FILE, 100), 0), new BinlogPosition(FILE, 150),
                    new Batch.Chain("run-1", "server-a", Seq.ZERO), ApplyCheckpoints.Applied.NOTHING);
            ApplyCheckpoints.retireChains(c, "late", Direction.A2B, "a2b", "run-2", "run-1", rewind);

            c.setAutoCommit(false);
            CheckpointKey t9 = new CheckpointKey("late", Direction.A2B, "a2b.t9");
            ApplyCheckpoints.Applied late = ApplyCheckpoints.lock(c, t9);
            assertEquals(List.of(new ApplyCheckpoints.Retired("run-1", rewind)), late.retired(),
                    "the direction's retired chains");
            assertEquals("", late.chain(), "the new chain starts there after Seq.ZERO");
            ApplyCheckpoints.write(c, t9, Seq.ofTransaction(new BinlogPosition(FILE, 200), 0),
                    new BinlogPosition(FILE, 200), new Batch.Chain("run-1", "server-a", Seq.ZERO), late);
            c.commit();
            assertEquals("", ApplyCheckpoints.read(c, t9).orElseThrow().chain(), "run-1 stays retired there");
        }
    }
}
