package dev.duplex.apply;

import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;

/** The source time a heartbeat row carries in its {@code ts} column (UTC_TIMESTAMP(6) on the source). */
final class HeartbeatTime {
    private static final DateTimeFormatter TEXT = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter();

    private HeartbeatTime() {}

    static OptionalLong micros(RowChange heartbeat) {
        Value ts = heartbeat.valueOf(heartbeat.after(), "ts");
        String text = switch (ts) {
            case Value.DateTime d -> d.text();
            case Value.Timestamp t -> t.utcText();
            case null, default -> null;
        };
        if (text == null || text.startsWith("0000")) {
            return OptionalLong.empty();
        }
        LocalDateTime at = LocalDateTime.parse(text, TEXT);
        return OptionalLong.of(ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), at));
    }

    static long epochMicros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
