package dev.duplex.core.sql;

import dev.duplex.core.model.Value;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Binds a {@link Value} as a statement parameter so the target stores exactly what the source
 * stored, or compares exactly against it: the one binder for the apply's statements, the full
 * sync's INSERTs and its keyset queries. Integers bind as integers (a BIGINT compared with text
 * would go through DOUBLE and lose precision); temporal values travel as text because the session
 * runs in UTC with zero dates allowed, and java.time could not carry '0000-00-00' or TIME beyond
 * 24 hours.
 */
public final class ValueBinder {
    private ValueBinder() {}

    public static void bind(PreparedStatement ps, int index, Value value) throws SQLException {
        switch (value) {
            case Value.Null n -> ps.setNull(index, Types.NULL);
            case Value.Int v -> ps.setLong(index, v.value());
            case Value.UInt v -> bindUnsigned(ps, index, v.bits());
            case Value.Decimal v -> ps.setBigDecimal(index, v.value());
            // A float widened to double is exact, and the double's shortest text reads back to
            // the same double on the server, which narrows back to the same float: bit-exact.
            case Value.Float32 v -> ps.setDouble(index, v.value());
            case Value.Float64 v -> ps.setDouble(index, v.value());
            case Value.Bit v -> bindUnsigned(ps, index, v.bits());
            case Value.Text v -> ps.setString(index, v.value());
            case Value.Bytes v -> ps.setBytes(index, v.value());
            case Value.Date v -> ps.setString(index, v.text());
            case Value.Time v -> ps.setString(index, v.text());
            case Value.DateTime v -> ps.setString(index, v.text());
            case Value.Timestamp v -> ps.setString(index, v.utcText());
            case Value.Year v -> ps.setInt(index, v.value());
            case Value.Enum v -> ps.setString(index, v.label());
            case Value.Set v -> ps.setString(index, v.labels());
            case Value.Json v -> ps.setString(index, v.text());
            case Value.Geometry v -> ps.setBytes(index, v.value());
        }
    }

    private static void bindUnsigned(PreparedStatement ps, int index, long bits) throws SQLException {
        if (bits >= 0) {
            ps.setLong(index, bits);
        } else {
            ps.setBigDecimal(index, new BigDecimal(Long.toUnsignedString(bits)));
        }
    }

    /** Rough size of a bound value in statement text, to keep multi-row statements bounded. */
    public static int estimatedSize(Value value) {
        return switch (value) {
            case Value.Text v -> 3 + v.value().length() * 3;
            case Value.Bytes v -> 10 + v.value().length * 2;
            case Value.Geometry v -> 10 + v.value().length * 2;
            case Value.Json v -> 3 + v.text().length() * 3;
            case Value.Set v -> 3 + v.labels().length() * 3;
            case Value.Enum v -> 3 + v.label().length() * 3;
            default -> 28;
        };
    }
}
