package dev.duplex.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BodyBufferTest {

    @Test
    void holdsExactlyTheBytesWrittenAcrossChunkEdges() {
        Random rnd = new Random(20);
        for (int total : new int[] {0, 1, 8 * 1024, 8 * 1024 + 1, 72 * 1024, 500_000}) {
            BodyBuffer buffer = new BodyBuffer();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            int written = 0;
            while (written < total) {
                if (rnd.nextInt(4) == 0) {
                    int b = rnd.nextInt(256);
                    buffer.write(b);
                    expected.write(b);
                    written++;
                } else {
                    byte[] chunk = new byte[Math.min(total - written, rnd.nextInt(20_000))];
                    rnd.nextBytes(chunk);
                    int off = chunk.length == 0 ? 0 : rnd.nextInt(chunk.length);
                    buffer.write(chunk, off, chunk.length - off);
                    expected.write(chunk, off, chunk.length - off);
                    written += chunk.length - off;
                }
            }
            assertArrayEquals(expected.toByteArray(), buffer.toByteArray(), total + " bytes");
        }
    }
}
