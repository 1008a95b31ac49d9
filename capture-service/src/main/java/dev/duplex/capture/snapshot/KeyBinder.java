package dev.duplex.capture.snapshot;

import dev.duplex.core.model.Value;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Binds key values of the last row read as parameters of the next chunk query, each with a
 * parameter type that compares exactly against its column: integers as integers (a BIGINT compared
 * with text would go through DOUBLE and lose precision), temporals and text as text.
 */
final class KeyBinder {
    private KeyBinder() {}

    static void bind(PreparedStatement ps, int index, Value value) throws SQLException {
        switch (value) {
            case Value.Null n -> ps.setNull(index, Types.NULL);
            case Value.Int v -> ps.setLong(index, v.value());
            case Value.UInt v -> unsigned(ps, index, v.bits());
            case Value.Bit v -> unsigned(ps, index, v.bits());
            case Value.Decimal v -> ps.setBigDecimal(index, v.value());
            case Value.Float32 v -> ps.setFloat(index, v.value());
            case Value.Float64 v -> ps.setDouble(index, v.value());
            case Value.Year v -> ps.setInt(index, v.value());
            case Value.Text v -> ps.setString(index, v.value());
            case Value.Json v -> ps.setString(index, v.text());
            case Value.Enum v -> ps.setString(index, v.label());
            case Value.Set v -> ps.setString(index, v.labels());
            case Value.Date v -> ps.setString(index, v.text());
            case Value.Time v -> ps.setString(index, v.text());
            case Value.DateTime v -> ps.setString(index, v.text());
            case Value.Timestamp v -> ps.setString(index, v.utcText());
            case Value.Bytes v -> ps.setBytes(index, v.value());
            case Value.Geometry v -> ps.setBytes(index, v.value());
        }
    }

    private static void unsigned(PreparedStatement ps, int index, long bits) throws SQLException {
        if (bits >= 0) {
            ps.setLong(index, bits);
        } else {
            ps.setBigDecimal(index, new BigDecimal(Long.toUnsignedString(bits)));
        }
    }
}
