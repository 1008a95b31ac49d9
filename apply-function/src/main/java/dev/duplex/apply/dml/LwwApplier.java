package dev.duplex.apply.dml;

import dev.duplex.apply.conflict.ConflictKind;
import dev.duplex.apply.conflict.ConflictRules;
import dev.duplex.apply.sql.SqlText;
import dev.duplex.core.config.ConflictResolution;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.model.Value;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a row of a last-writer-wins table so that both nodes end with the same rows whatever
 * order the writes meet in. Every write carries its origin's version (a delete: its time, which
 * capture put in the before-image's version column). On the target, inside the message's
 * transaction, on rows it has locked ({@link LwwRow} asks and writes):
 * <ul>
 *   <li>an insert or update wins iff its version is greater than the row's, or, with no row, than
 *       the key's tombstone; a delete wins iff its time is not older than the row's version;</li>
 *   <li>equal versions: node a's write wins, on both nodes alike;</li>
 *   <li>an update that moves the row to another primary key is a delete of the old key and a
 *       write of the new one, each decided on its own key, as on its origin;</li>
 *   <li>a unique-key collision with rows of other primary keys is decided by the same rule against
 *       each; the loser, whichever it is, is parked ({@link ParkedRows}) and comes back once the
 *       collision is gone, tried again after every message ({@link #unpark});</li>
 *   <li>every delete the target sees leaves a tombstone (the triggers do not, for the apply's
 *       writes); counters ({@link Counters}) are added whichever write wins, while the row exists.</li>
 * </ul>
 */
final class LwwApplier {
    private final Connection c;
    private final StatementRunner runner;
    private final ConflictHandler conflicts;
    private final boolean fromNodeA;

    LwwApplier(Connection c, StatementRunner runner, ConflictHandler conflicts, boolean fromNodeA) {
        this.c = c;
        this.runner = runner;
        this.conflicts = conflicts;
        this.fromNodeA = fromNodeA;
    }

    void apply(RowTarget target, String versionColumn, Counters counters, String seq) throws SQLException {
        if (!target.keyIsUnique()) {
            throw new FatalException("last-writer-wins needs a primary key on " + target.database() + "."
                    + target.tableName() + " (seq " + seq + "); add one, or give the table another conflictPolicy");
        }
        Decide d = new Decide(new LwwRow(c, runner, target, versionColumn), counters, seq);
        switch (target.change().op()) {
            case INSERT -> d.write(false);
            case UPDATE -> d.update();
            case DELETE -> d.delete();
        }
    }

    /** Tries every parked row again, newest first ({@link #unpark}); a row no longer under last-writer-wins goes. */
    void unparkAll(RowProjector projector, ConflictRules rules, String seq) throws SQLException {
        for (ParkedRows.Parked p : ParkedRows.all(c)) {
            RowTarget row = projector.project(p.row());
            if (row != null && rules.forTarget(row.database(), row.tableName())
                    instanceof ConflictResolution.LastWriterWins l) {
                unpark(row, l.versionColumn(), p.pkHash(), seq);
            } else {
                ParkedRows.discard(c, p.row().database(), p.row().table(), p.pkHash());
            }
        }
    }

    /**
     * Tries a parked row again: it comes back if nothing newer holds its key and it beats every
     * row it still collides with (those are parked in turn); it is discarded if its key has a
     * newer row or tombstone; otherwise it stays parked, with nothing recorded.
     */
    private void unpark(RowTarget target, String versionColumn, byte[] pkHash, String seq) throws SQLException {
        LwwRow r = new LwwRow(c, runner, target, versionColumn);
        Decide d = new Decide(r, Counters.NONE, seq);
        Integer tomb = r.versusTombstone(r.afterKey());
        if (r.versusRow(r.key(), r.afterKey()) != null || tomb != null && tomb < 0) {
            ParkedRows.discard(c, target.database(), target.tableName(), pkHash);
            return;
        }
        if (d.insert(true)) {
            ParkedRows.discard(c, target.database(), target.tableName(), pkHash);
        }
    }

    /** One row's decision. */
    private final class Decide {
        final LwwRow r;
        final RowTarget row;
        final Counters counters;
        final String seq;

        Decide(LwwRow r, Counters counters, String seq) {
            this.r = r;
            this.row = r.row;
            this.counters = counters;
            this.seq = seq;
        }

        boolean wins(int sign) {
            return sign > 0 || sign == 0 && fromNodeA;
        }

        void update() throws SQLException {
            List<String> key = r.key();
            List<Value> before = row.beforeKey();
            if (!before.equals(r.afterKey())) {
                moved(key, before);
                return;
            }
            Integer sign = r.versusRow(key, before);
            if (sign == null) {
                write(true);
                return;
            }
            if (!counters.none()) {
                runner.run(counters.update(row, false, key), counters.params(row, false, before), 1, row.table());
            }
            boolean win = wins(sign);
            if (!r.sameVersion(key, before)) {
                conflicts.decided(ConflictKind.UPDATE_MISMATCH, row, key, before, win, seq);
            }
            if (win) {
                overwrite(key, before);
            }
        }

        /** A primary-key change: the old key deleted at the update's version, the new one written. */
        void moved(List<String> key, List<Value> before) throws SQLException {
            Integer sign = r.versusRow(key, before);
            if (sign == null || sign >= 0) {
                if (sign != null) {
                    r.delete(key, before);
                }
                r.discardParked(before);
            }
            r.bury(before, r.incoming);
            write(false);
        }

        void delete() throws SQLException {
            List<String> key = r.key();
            List<Value> before = row.beforeKey();
            Integer sign = r.versusRow(key, before);
            if (sign == null) {
                Integer tomb = r.versusTombstone(before);
                if (tomb == null || tomb >= 0) {
                    r.discardParked(before); // the delete is not older than what the key had parked
                }
                r.bury(before, r.incoming);
                conflicts.decided(ConflictKind.DELETE_MISSING, row, key, before, true, seq);
                return;
            }
            r.bury(before, r.incoming);
            if (sign >= 0) {
                r.delete(key, before);
            } else {
                conflicts.decided(ConflictKind.DELETE_MISMATCH, row, key, before, false, seq);
            }
        }

        /**
         * Writes the after-image at its key if it beats what is there: the row (then updated in
         * place) or the key's tombstone (then inserted).
         *
         * @param updateMissing the change is an UPDATE whose row the target did not have
         */
        void write(boolean updateMissing) throws SQLException {
            List<String> key = r.key();
            List<Value> keyValues = r.afterKey();
            Integer sign = r.versusRow(key, keyValues);
            if (sign != null) {
                boolean win = wins(sign);
                conflicts.decided(ConflictKind.INSERT_DUPLICATE, row, key, keyValues, win, seq);
                if (win) {
                    overwrite(key, keyValues);
                }
                return;
            }
            Integer tomb = r.versusTombstone(keyValues);
            if (tomb != null && tomb <= 0) {
                conflicts.decided(ConflictKind.DELETED_ON_TARGET, row, key, keyValues, false, seq);
                return;
            }
            r.discardParked(keyValues); // older than this write: its tombstone is
            if (updateMissing) {
                conflicts.decided(ConflictKind.UPDATE_MISSING, row, key, row.beforeKey(), true, seq);
            }
            insert(false);
        }

        /** Inserts the after-image; true if it is in the table now. */
        boolean insert(boolean unparking) throws SQLException {
            String sql = SqlText.insert(row.database(), row.tableName(), row.insertColumns(), 1, false);
            try {
                runner.run(sql, row.insertValues(), 1, row.table());
                return true;
            } catch (SQLException e) {
                if (!DuplicateKeys.isDuplicate(e)) {
                    throw e;
                }
                if (collide(null, null, unparking)) {
                    runner.run(sql, row.insertValues(), 1, row.table());
                    return true;
                }
                return false;
            }
        }

        /** Sets the row at {@code key} to the after-image (counters aside). */
        void overwrite(List<String> key, List<Value> keyValues) throws SQLException {
            List<String> plain = counters.plain(row);
            List<Value> params = new ArrayList<>(row.afterValuesOf(plain));
            params.addAll(keyValues);
            String sql = SqlText.update(row.database(), row.tableName(), plain, key, false);
            try {
                runner.run(sql, params, 1, row.table());
            } catch (SQLException e) {
                if (!DuplicateKeys.isDuplicate(e)) {
                    throw e;
                }
                if (collide(key, keyValues, false)) {
                    runner.run(sql, params, 1, row.table());
                }
            }
        }

        /**
         * The write hit a unique key held by rows of other keys: it goes on (true) only if it beats
         * every one of them, which are parked; otherwise the incoming row is the loser and is
         * parked, and the row it would have become ({@code ownKey}, if the target had it) goes.
         * A parked row tried again that still loses stays as it is, and nothing is recorded.
         */
        boolean collide(List<String> ownKey, List<Value> ownKeyValues, boolean unparking) throws SQLException {
            List<Collision> found = new ArrayList<>();
            for (Collision k : CollisionFinder.find(c, row, false)) {
                if (!(ownKeyValues != null && k.key().equals(ownKey) && k.keyValues().equals(ownKeyValues))) {
                    found.add(k);
                }
            }
            if (found.isEmpty()) {
                throw new FatalException("last-writer-wins cannot decide a duplicate key on " + row.database() + "."
                        + row.tableName() + " at seq " + seq + ": the colliding unique key is one the change does not"
                        + " carry (a prefix key, or columns not selected); select every column of its unique keys");
            }
            boolean win = true;
            for (Collision k : found) {
                win &= wins(r.versusRow(k.key(), k.keyValues()));
            }
            if (unparking && !win) {
                return false;
            }
            for (Collision k : found) {
                conflicts.decided(ConflictKind.INSERT_DUPLICATE, row, k.key(), k.keyValues(), win, seq);
            }
            if (win) {
                for (Collision k : found) {
                    r.parkTargetRow(k.key(), k.keyValues());
                }
                return true;
            }
            r.parkIncoming();
            if (ownKey != null) {
                r.delete(ownKey, ownKeyValues);
            }
            return false;
        }
    }
}
