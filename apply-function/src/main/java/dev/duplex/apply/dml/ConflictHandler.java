package dev.duplex.apply.dml;

import static dev.duplex.core.sql.Identifiers.quote;

import dev.duplex.apply.conflict.Conflict;
import dev.duplex.apply.conflict.ConflictException;
import dev.duplex.apply.conflict.ConflictKind;
import dev.duplex.apply.conflict.ConflictResolver;
import dev.duplex.apply.conflict.ConflictRules;
import dev.duplex.apply.conflict.Decision;
import dev.duplex.apply.conflict.Resolution;
import dev.duplex.apply.sql.SqlText;
import dev.duplex.apply.sql.TargetRowReader;
import dev.duplex.core.config.ConflictResolution;
import dev.duplex.core.model.Value;
import dev.duplex.core.sql.ValueBinder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the target row a conflict is about, decides by the table's rule and records the
 * conflict. Decisions are made inside the message's transaction, on rows it has locked. A
 * duplicate key is decided against the rows it really collides with ({@link CollisionFinder}),
 * never against the first row some key finds.
 */
final class ConflictHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConflictHandler.class);
    /** The key text when no colliding row could be named. */
    private static final String UNKNOWN_KEY = "(unknown key)";
    /** Added to the policy of a collision the incoming row won, when it lost to another one. */
    private static final String LOST_ELSEWHERE = ", another colliding row kept";

    private final Connection c;
    private final ConflictRules rules;
    private final boolean catchUp;
    private final String position;
    private final List<Conflict> sink;

    ConflictHandler(Connection c, ConflictRules rules, boolean catchUp, String position, List<Conflict> sink) {
        this.c = c;
        this.rules = rules;
        this.catchUp = catchUp;
        this.position = position;
        this.sink = sink;
    }

    /**
     * What a duplicate key came to.
     *
     * @param collisions the rows to remove before writing the incoming row; empty when no row
     *                   could be named (the key hit is one the change does not let us look at)
     * @param records    the conflicts recorded for it, one per colliding row
     */
    record Verdict(Decision decision, List<Collision> collisions, List<Conflict> records) {}

    /**
     * An INSERT (or an UPDATE's new values) hit a key: decide against each row it really collides
     * with (see {@link CollisionFinder}), one conflict record each. The incoming row wins only if
     * it wins against every one of them; then the records say APPLY_INCOMING, otherwise every
     * record says KEEP_TARGET and no row changes. If any of them fails the task, the task fails.
     */
    Verdict duplicate(RowTarget row, String seq) throws SQLException {
        List<Collision> collisions = CollisionFinder.find(c, row);
        if (collisions.isEmpty()) {
            Conflict unknown = record(conflict(ConflictKind.INSERT_DUPLICATE, row, Key.UNKNOWN, null, null, null, seq));
            return new Verdict(unknown.resolution().decision(), List.of(), List.of(unknown));
        }
        List<Conflict> decided = new ArrayList<>();
        for (Collision k : collisions) {
            decided.add(conflict(ConflictKind.INSERT_DUPLICATE, row, key(row, k), k.targetRow(), k.key(),
                    k.keyValues(), seq));
        }
        for (Conflict d : decided) {
            if (d.resolution().decision() == Decision.FAIL_TASK) {
                record(d); // throws: the message rolls back, the task fails on this row
            }
        }
        boolean wins = decided.stream().allMatch(d -> d.resolution().decision() == Decision.APPLY_INCOMING);
        List<Conflict> records = decided.stream().map(d -> record(wins ? d : kept(d))).toList();
        return new Verdict(wins ? Decision.APPLY_INCOMING : Decision.KEEP_TARGET, collisions, records);
    }

    /**
     * The incoming row beat every row {@link #duplicate} found, and writing it still hit a key:
     * one the change does not let us look at (a prefix key, a key over columns it does not carry).
     * Nothing compared that row, so the rule decides without a target row, as for an unknown key
     * (useMax/useMin: their fallback). If the target wins, the caller puts the beaten rows back,
     * and their records say KEEP_TARGET.
     */
    Decision hidden(RowTarget row, String seq, Verdict beaten) throws SQLException {
        LOG.info("{}.{}: the incoming row also collides on a unique key that cannot be looked up (prefix, or"
                + " columns the change does not carry); decided without a target row", row.database(),
                row.tableName());
        Decision decision = record(conflict(ConflictKind.INSERT_DUPLICATE, row, Key.UNKNOWN, null, null, null, seq))
                .resolution().decision();
        if (decision == Decision.KEEP_TARGET) {
            for (Conflict r : beaten.records()) {
                for (int i = 0; i < sink.size(); i++) {
                    if (sink.get(i) == r) {
                        sink.set(i, kept(r));
                    }
                }
            }
        }
        return decision;
    }

    /** An UPDATE or DELETE found no row, or (strict) found one that differs from the before-image. */
    Decision byKey(ConflictKind kind, RowTarget row, String seq) throws SQLException {
        List<Value> keyValues = row.beforeKey();
        List<Value> target = kind == ConflictKind.UPDATE_MISMATCH
                ? TargetRowReader.read(c, row.table(), row.columns(), row.keyColumns(), keyValues).orElse(null)
                : null;
        Key k = new Key(row.describeKey(row.keyColumns(), keyValues), columns(row.keyColumns()));
        return record(conflict(kind, row, k, target, row.keyColumns(), keyValues, seq)).resolution().decision();
    }

    /**
     * A conflict last-writer-wins has decided ({@code incomingWins}), recorded with the target row
     * at {@code key} as it is now (none for a tombstone). Returns the recorded decision.
     */
    Decision decided(ConflictKind kind, RowTarget row, List<String> key, List<Value> keyValues, boolean incomingWins,
                     String seq) throws SQLException {
        List<Value> target = kind == ConflictKind.DELETED_ON_TARGET ? null
                : TargetRowReader.read(c, row.table(), row.columns(), key, keyValues).orElse(null);
        Key k = new Key(row.describeKey(key, keyValues), columns(key));
        ConflictResolution rule = rules.forTarget(row.database(), row.tableName());
        Resolution resolution = ConflictResolver.resolve(kind, rule, catchUp, incomingWins ? 1 : -1);
        return record(new Conflict(kind, row.database(), row.tableName(), resolution, k.withValues(), k.columns(),
                row.columns(), row.before(), row.after(), target, seq)).resolution().decision();
    }

    private Conflict conflict(ConflictKind kind, RowTarget row, Key named, List<Value> target,
                              List<String> key, List<Value> keyValues, String seq) throws SQLException {
        ConflictResolution rule = rules.forTarget(row.database(), row.tableName());
        Integer comparison = target == null || kind == ConflictKind.DELETE_MISSING ? null
                : compare(row, rule, key, keyValues);
        Resolution resolution = ConflictResolver.resolve(kind, rule, catchUp, comparison);
        return new Conflict(kind, row.database(), row.tableName(), resolution, named.withValues(),
                named.columns(), row.columns(), row.before(), row.after(), target, seq);
    }

    /** Adds {@code conflict} to the message's records; throws if it fails the task. */
    private Conflict record(Conflict conflict) {
        sink.add(conflict);
        if (conflict.resolution().decision() == Decision.FAIL_TASK) {
            throw new ConflictException(conflict, position);
        }
        return conflict;
    }

    /** {@code d}, or what it becomes when another colliding row keeps the target as it is. */
    private static Conflict kept(Conflict d) {
        if (d.resolution().decision() == Decision.KEEP_TARGET) {
            return d;
        }
        Resolution r = new Resolution(Decision.KEEP_TARGET, d.resolution().policy() + LOST_ELSEWHERE);
        return new Conflict(d.kind(), d.database(), d.table(), r, d.key(), d.keyColumns(), d.columns(), d.before(),
                d.after(), d.targetRow(), d.seq());
    }

    /**
     * A conflict's key: "(email)=('y') on row (id)=(2)" for the conflict log, "(email) on row
     * (id)" for the task's reason and logs, which carry no row values.
     */
    private record Key(String withValues, String columns) {
        static final Key UNKNOWN = new Key(UNKNOWN_KEY, UNKNOWN_KEY);
    }

    /**
     * The key hit and, if that is another key, the row's primary key (the table's first unique
     * key), so the conflict log names the row an operator looks for.
     */
    private static Key key(RowTarget row, Collision k) {
        Key hit = new Key(row.describeKey(k.key(), k.keyValues()), columns(k.key()));
        List<String> primary = row.table().uniqueKeys().get(0);
        if (primary.equals(k.key())) {
            return hit;
        }
        List<Value> values = new ArrayList<>();
        for (String column : primary) {
            int at = RowTarget.indexOf(row.columns(), column);
            if (at < 0) {
                return hit;
            }
            values.add(k.targetRow().get(at));
        }
        return new Key(hit.withValues() + " on row " + row.describeKey(primary, values),
                hit.columns() + " on row " + columns(primary));
    }

    private static String columns(List<String> names) {
        return "(" + String.join(",", names) + ")";
    }

    /** Sign of (incoming - target) on the rule's column, compared by the target server; null if unknown. */
    private Integer compare(RowTarget row, ConflictResolution rule, List<String> key, List<Value> keyValues)
            throws SQLException {
        String column = switch (rule) {
            case ConflictResolution.UseMax m -> m.column();
            case ConflictResolution.UseMin m -> m.column();
            case ConflictResolution.ByPolicy p -> null;
            case ConflictResolution.LastWriterWins l -> null; // decided by LwwApplier, never here
        };
        if (column == null || !row.covers(List.of(column)) || row.table().column(column) == null) {
            return null;
        }
        String name = row.table().column(column).name();
        Value incoming = row.afterValuesOf(List.of(name)).get(0);
        String sql = SqlText.selectOne(row.table().database(), row.table().table(),
                List.of("(? > " + quote(name) + ") - (? < " + quote(name) + ")"), key);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ValueBinder.bind(ps, 1, incoming);
            ValueBinder.bind(ps, 2, incoming);
            for (int i = 0; i < keyValues.size(); i++) {
                ValueBinder.bind(ps, i + 3, keyValues.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long sign = rs.getLong(1);
                return rs.wasNull() ? null : Long.signum(sign);
            }
        }
    }
}
