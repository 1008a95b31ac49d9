package dev.duplex.capture.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemporalCellsTest {

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    /** DATE is little-endian: year*16*32 + month*32 + day. */
    private static byte[] date(int y, int m, int d) {
        int v = y * 16 * 32 + m * 32 + d;
        return bytes(v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF);
    }

    @Test
    void shouldDecodeDatesIncludingZeroDates() {
        assertEquals("2024-02-29", TemporalCells.date(date(2024, 2, 29)));
        assertEquals("0000-00-00", TemporalCells.date(date(0, 0, 0)));
        assertEquals("2024-00-00", TemporalCells.date(date(2024, 0, 0)));
        assertEquals("9999-12-31", TemporalCells.date(date(9999, 12, 31)));
    }

    /** TIME2 as MySQL's my_time_packed_to_binary writes it. */
    private static byte[] time2(boolean negative, int h, int m, int s, long micros, int fsp) {
        long hms = ((long) h << 12) | ((long) m << 6) | s;
        long packed = (hms << 24) + micros;
        if (negative) {
            packed = -packed;
        }
        byte[] out = new byte[3 + (fsp + 1) / 2];
        long intPart = packed >> 24;
        long frac = packed % (1L << 24);
        switch (fsp) {
            case 0 -> put(out, 0, 3, intPart + 0x800000L);
            case 1, 2 -> {
                put(out, 0, 3, intPart + 0x800000L);
                out[3] = (byte) (frac / 10000);
            }
            case 3, 4 -> {
                put(out, 0, 3, intPart + 0x800000L);
                put(out, 3, 2, (frac / 100) & 0xFFFF);
            }
            default -> put(out, 0, 6, packed + 0x800000000000L);
        }
        return out;
    }

    private static void put(byte[] out, int offset, int length, long v) {
        for (int i = length - 1; i >= 0; i--) {
            out[offset + i] = (byte) (v & 0xFF);
            v >>= 8;
        }
    }

    @Test
    void shouldDecodeTimeWithSignHoursBeyondADayAndEachPrecision() {
        assertEquals("00:00:00", TemporalCells.timeV2(time2(false, 0, 0, 0, 0, 0), 0));
        assertEquals("838:59:59", TemporalCells.timeV2(time2(false, 838, 59, 59, 0, 0), 0));
        assertEquals("-838:59:59", TemporalCells.timeV2(time2(true, 838, 59, 59, 0, 0), 0));
        assertEquals("-00:00:01.5", TemporalCells.timeV2(time2(true, 0, 0, 1, 500000, 1), 1));
        assertEquals("-00:00:00.01", TemporalCells.timeV2(time2(true, 0, 0, 0, 10000, 2), 2));
        assertEquals("12:34:56.780", TemporalCells.timeV2(time2(false, 12, 34, 56, 780000, 3), 3));
        assertEquals("-01:02:03.0004", TemporalCells.timeV2(time2(true, 1, 2, 3, 400, 4), 4));
        assertEquals("-838:59:59.000000", TemporalCells.timeV2(time2(true, 838, 59, 59, 0, 6), 6));
        assertEquals("23:59:59.999999", TemporalCells.timeV2(time2(false, 23, 59, 59, 999999, 6), 6));
    }

    private static byte[] datetime2(int y, int mo, int d, int h, int mi, int s, long micros, int fsp) {
        long ym = y * 13L + mo;
        long ymd = (ym << 5) | d;
        long hms = ((long) h << 12) | ((long) mi << 6) | s;
        long intPart = (ymd << 17) | hms;
        byte[] out = new byte[5 + (fsp + 1) / 2];
        put(out, 0, 5, intPart + 0x8000000000L);
        switch (fsp) {
            case 1, 2 -> out[5] = (byte) (micros / 10000);
            case 3, 4 -> put(out, 5, 2, micros / 100);
            case 5, 6 -> put(out, 5, 3, micros);
            default -> { }
        }
        return out;
    }

    @Test
    void shouldDecodeDatetimeWithZeroDatesAndFractionsAsTheColumnPrintsThem() {
        assertEquals("0000-00-00 00:00:00", TemporalCells.datetimeV2(datetime2(0, 0, 0, 0, 0, 0, 0, 0), 0));
        assertEquals("0000-00-00 00:00:00.000000", TemporalCells.datetimeV2(datetime2(0, 0, 0, 0, 0, 0, 0, 6), 6));
        assertEquals("2024-02-29 23:59:59.999999",
                TemporalCells.datetimeV2(datetime2(2024, 2, 29, 23, 59, 59, 999999, 6), 6));
        assertEquals("1000-01-01 00:00:00.12", TemporalCells.datetimeV2(datetime2(1000, 1, 1, 0, 0, 0, 120000, 2), 2));
        assertEquals("9999-12-31 23:59:59.500", TemporalCells.datetimeV2(datetime2(9999, 12, 31, 23, 59, 59, 500000, 3), 3));
        assertEquals("2024-05-00 10:00:00", TemporalCells.datetimeV2(datetime2(2024, 5, 0, 10, 0, 0, 0, 0), 0));
    }

    @Test
    void shouldRenderTimestampsInUtcWithZeroAsMySqlsZeroTimestamp() {
        assertEquals("0000-00-00 00:00:00", TemporalCells.timestampV2(bytes(0, 0, 0, 0), 0));
        assertEquals("0000-00-00 00:00:00.000", TemporalCells.timestampV2(bytes(0, 0, 0, 0, 0, 0), 3));
        assertEquals("1970-01-01 00:00:01", TemporalCells.timestampV2(bytes(0, 0, 0, 1), 0));
        assertEquals("2038-01-19 03:14:07.999999",
                TemporalCells.timestampV2(bytes(0x7F, 0xFF, 0xFF, 0xFF, 0x0F, 0x42, 0x3F), 6));
    }

    /**
     * The digit-by-digit rendering against the formatters it replaced, on random epoch seconds
     * over the whole 4-byte range and random field values. Seeded: the seed is printed;
     * {@code -Dduplex.fuzz.seed=N} repeats a run.
     */
    @Test
    void shouldWriteTimestampsAndFieldsAsTheFormattersDo() {
        long seed = Long.getLong("duplex.fuzz.seed", System.nanoTime());
        System.out.println("TemporalCellsTest seed " + seed + " (-Dduplex.fuzz.seed=" + seed + " repeats it)");
        Random random = new Random(seed);
        DateTimeFormatter utc = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
        for (int i = 0; i < 20_000; i++) {
            long seconds = 1 + (random.nextLong() & 0xFFFF_FFFFL) % 0xFFFF_FFFFL;
            assertEquals(utc.format(Instant.ofEpochSecond(seconds)) + ".123", TemporalCells.timestamp(seconds, 123_000, 3),
                    "epoch second " + seconds + " (seed " + seed + ")");
            long v = random.nextInt(4) == 0 ? random.nextLong() & Long.MAX_VALUE : random.nextInt(100_000);
            int width = 1 + random.nextInt(6);
            assertEquals(String.format("%0" + width + "d", v), TemporalCells.digits(new StringBuilder(), v, width).toString(),
                    v + " in " + width + " digits (seed " + seed + ")");
        }
        assertEquals(String.valueOf(Long.MAX_VALUE), TemporalCells.digits(new StringBuilder(), Long.MAX_VALUE, 2).toString());
    }

    @Test
    void shouldDecodeOldTemporalFormats() {
        assertEquals("-12:34:56", TemporalCells.timeV1(bytes(0xC0, 0x1D, 0xFE)));  // -123456 little-endian
        assertEquals("2024-02-29 13:14:15", TemporalCells.datetimeV1(20240229131415L));
        assertEquals("0000-00-00 00:00:00", TemporalCells.datetimeV1(0));
    }

    @Test
    void shouldReadYearZeroAsZero() {
        assertEquals(0, ExactCells.year(0));
        assertEquals(1901, ExactCells.year(1));
        assertEquals(2155, ExactCells.year(255));
    }
}
