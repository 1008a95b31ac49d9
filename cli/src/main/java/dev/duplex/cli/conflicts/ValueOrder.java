package dev.duplex.cli.conflicts;

import dev.duplex.core.model.Value;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;

/**
 * Orders two recorded column values the way a column rule compares them, as far as the recorded
 * images allow: numbers numerically (any mix of integer, unsigned, decimal, float, YEAR and
 * BIT), DATE/DATETIME/TIMESTAMP by their encoded text (fixed-width, so text order is time
 * order), TIME by its signed length, strings (CHAR, TEXT, ENUM and SET labels, JSON) by their
 * text and binary strings byte by byte. The apply side lets the target server compare, so
 * these differ where the server's rules do: a column's collation (case, accents, padding) is
 * not reproduced, ENUM compares by label rather than by index, JSON by its text. GEOMETRY and
 * values of different kinds do not compare.
 */
public final class ValueOrder {
    private ValueOrder() {}

    /** Sign of (a - b); empty when either is NULL (as SQL) or the two cannot be compared. */
    public static Optional<Integer> compare(Value a, Value b) {
        if (a instanceof Value.Null || b instanceof Value.Null) {
            return Optional.empty();
        }
        Optional<BigDecimal> na = number(a);
        Optional<BigDecimal> nb = number(b);
        if (na.isPresent() && nb.isPresent()) {
            return Optional.of(Integer.signum(na.get().compareTo(nb.get())));
        }
        return switch (a) {
            case Value.Date x when b instanceof Value.Date y -> text(x.text(), y.text());
            case Value.DateTime x when b instanceof Value.DateTime y -> text(x.text(), y.text());
            case Value.Timestamp x when b instanceof Value.Timestamp y -> text(x.utcText(), y.utcText());
            case Value.Time x when b instanceof Value.Time y -> Optional.of(Long.signum(micros(x.text()) - micros(y.text())));
            case Value.Bytes x when b instanceof Value.Bytes y -> Optional.of(Integer.signum(Arrays.compareUnsigned(x.value(), y.value())));
            default -> string(a).flatMap(sa -> string(b).flatMap(sb -> text(sa, sb)));
        };
    }

    private static Optional<Integer> text(String a, String b) {
        return Optional.of(Integer.signum(a.compareTo(b)));
    }

    private static Optional<BigDecimal> number(Value v) {
        return switch (v) {
            case Value.Int i -> Optional.of(BigDecimal.valueOf(i.value()));
            case Value.UInt u -> Optional.of(new BigDecimal(u.text()));
            case Value.Decimal d -> Optional.of(d.value());
            case Value.Float32 f -> Optional.of(new BigDecimal(Float.toString(f.value())));
            case Value.Float64 d -> Optional.of(BigDecimal.valueOf(d.value()));
            case Value.Year y -> Optional.of(BigDecimal.valueOf(y.value()));
            case Value.Bit b -> Optional.of(new BigDecimal(Long.toUnsignedString(b.bits())));
            default -> Optional.empty();
        };
    }

    private static Optional<String> string(Value v) {
        return switch (v) {
            case Value.Text t -> Optional.of(t.value());
            case Value.Enum e -> Optional.of(e.label());
            case Value.Set s -> Optional.of(s.labels());
            case Value.Json j -> Optional.of(j.text());
            default -> Optional.empty();
        };
    }

    /** '[-]H..HHH:MM:SS[.ffffff]' as signed microseconds. */
    static long micros(String time) {
        boolean negative = time.startsWith("-");
        String[] parts = (negative ? time.substring(1) : time).split(":");
        String[] seconds = parts[2].split("\\.");
        long fraction = seconds.length > 1 ? Long.parseLong((seconds[1] + "000000").substring(0, 6)) : 0;
        long whole = (Long.parseLong(parts[0]) * 3600 + Long.parseLong(parts[1]) * 60 + Long.parseLong(seconds[0]))
                * 1_000_000 + fraction;
        return negative ? -whole : whole;
    }
}
