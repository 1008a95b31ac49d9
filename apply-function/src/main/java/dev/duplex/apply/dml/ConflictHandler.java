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
import dev.duplex.apply.sql.ValueBinder;
import dev.duplex.core.config.ConflictResolution;
import dev.duplex.core.model.Value;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Looks at the target row a conflict is about, decides by the table's rule and records the
 * conflict. Decisions are made inside the message's transaction, on rows it has locked.
 */
final class ConflictHandler {
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

    /** An INSERT (or an UPDATE's new values) hit a key: find the row it hit, then decide. */
    Decision duplicate(RowTarget row, String seq) throws SQLException {
        for (List<String> key : row.table().uniqueKeys()) {
            if (!row.covers(key)) {
                continue;
            }
            List<Value> keyValues = row.afterValuesOf(key);
            Optional<List<Value>> target = TargetRowReader.read(c, row.table(), row.columns(), key, keyValues);
            if (target.isPresent()) {
                return decide(ConflictKind.INSERT_DUPLICATE, row, row.describeKey(key, keyValues), target.get(),
                        key, keyValues, seq);
            }
        }
        // The colliding key is not one the change carries (e.g. a unique key on a generated column).
        return decide(ConflictKind.INSERT_DUPLICATE, row, "(unknown key)", null, null, null, seq);
    }

    /** An UPDATE or DELETE found no row, or (strict) found one that differs from the before-image. */
    Decision byKey(ConflictKind kind, RowTarget row, String seq) throws SQLException {
        List<Value> keyValues = row.beforeKey();
        List<Value> target = kind == ConflictKind.UPDATE_MISMATCH
                ? TargetRowReader.read(c, row.table(), row.columns(), row.keyColumns(), keyValues).orElse(null)
                : null;
        return decide(kind, row, row.describeKey(row.keyColumns(), keyValues), target, row.keyColumns(), keyValues, seq);
    }

    private Decision decide(ConflictKind kind, RowTarget row, String keyText, List<Value> target,
                            List<String> key, List<Value> keyValues, String seq) throws SQLException {
        ConflictResolution rule = rules.forTarget(row.database(), row.tableName());
        Integer comparison = target == null || kind == ConflictKind.DELETE_MISSING ? null
                : compare(row, rule, key, keyValues);
        Resolution resolution = ConflictResolver.resolve(kind, rule, catchUp, comparison);
        Conflict conflict = new Conflict(kind, row.database(), row.tableName(), resolution, keyText, row.columns(),
                row.before(), row.after(), target, seq);
        sink.add(conflict);
        if (resolution.decision() == Decision.FAIL_TASK) {
            throw new ConflictException(conflict, position);
        }
        return resolution.decision();
    }

    /** Sign of (incoming - target) on the rule's column, compared by the target server; null if unknown. */
    private Integer compare(RowTarget row, ConflictResolution rule, List<String> key, List<Value> keyValues)
            throws SQLException {
        String column = switch (rule) {
            case ConflictResolution.UseMax m -> m.column();
            case ConflictResolution.UseMin m -> m.column();
            case ConflictResolution.ByPolicy p -> null;
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
