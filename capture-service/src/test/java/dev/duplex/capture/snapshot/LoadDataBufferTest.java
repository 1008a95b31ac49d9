package dev.duplex.capture.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LoadDataBufferTest {
    private static String written(LoadDataBuffer b) {
        return new String(b.bytes, 0, b.size, StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteEveryLongAsLongToStringDoes() {
        long seed = Long.getLong("duplex.seed", System.nanoTime());
        System.out.println("LoadDataBufferTest seed: " + seed + " (rerun with -Dduplex.seed=" + seed + ")");
        Random random = new Random(seed);
        long[] edges = {0, 1, -1, 9, 10, -10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1,
            Integer.MAX_VALUE, Integer.MIN_VALUE, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L};
        for (long v : edges) {
            LoadDataBuffer b = new LoadDataBuffer(0);
            b.digits(v);
            assertEquals(Long.toString(v), written(b));
        }
        for (int i = 0; i < 20_000; i++) {
            long v = random.nextLong() >> random.nextInt(64);
            LoadDataBuffer b = new LoadDataBuffer(0);
            b.ascii("x");
            b.digits(v);
            assertEquals("x" + v, written(b), "seed " + seed);
        }
    }

    @Test
    void shouldEscapeTheFourMeaningfulBytesAndGrowAsItWrites() {
        LoadDataBuffer b = new LoadDataBuffer(0);
        String text = "a\tb\nc\\d\u0000e é \uD83D\uDE00".repeat(100);
        b.escaped(text.getBytes(StandardCharsets.UTF_8));
        b.add((byte) '\t');
        b.nul();
        assertEquals("a\\tb\\nc\\\\d\\0e é \uD83D\uDE00".repeat(100) + "\t\\N", written(b));
    }
}
