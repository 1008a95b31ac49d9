package dev.duplex.capture.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Bytes as MariaDB 10.11 wrote them for {@code xat.u (id INT PRIMARY KEY, v VARCHAR(300) COMPRESSED)}. */
class CompressedColumnsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] TABLE_MAP = HEX.parseHex(
            "1700000000000100037861740001750002038d022d010201010002010804050269640176080100");
    /** REPEAT('not selected ', 20), deflated without zlib's wrapper. */
    private static final byte[] DEFLATED = HEX.parseHex("8a0104cbcb2f51284ecd494d2e494d51c81b991c00");

    @Test
    void shouldReadACompressedVarcharAsAVarcharAndRememberWhichColumnItWas() {
        CompressedColumns.Rewritten r = CompressedColumns.rewrite(TABLE_MAP);
        assertEquals(0x0f, r.body()[18], "VARCHAR_COMPRESSED (0x8d) read as VARCHAR (0x0f)");
        assertEquals((byte) 0x8d, TABLE_MAP[18], "the event's own bytes are left as they are");
        assertEquals(BitSet.valueOf(new long[] {0b10}), r.compressed());
        byte[] plain = r.body();
        assertSame(plain, CompressedColumns.rewrite(plain).body(), "no compressed column: the same bytes");
    }

    @Test
    void shouldInflateDeflatedStoredAndEmptyCells() throws IOException {
        TableMapEventData map = map();
        assertEquals("not selected ".repeat(20),
                new String(CompressedColumns.inflate(DEFLATED, map, 1), StandardCharsets.US_ASCII));
        assertArrayEquals("short".getBytes(StandardCharsets.US_ASCII),
                CompressedColumns.inflate(HEX.parseHex("0073686f7274"), map, 1), "header 0: stored as it is");
        assertArrayEquals(new byte[0], CompressedColumns.inflate(new byte[0], map, 1), "'' has no header");
    }

    @Test
    void shouldRefuseACellItCannotReadNamingTheTableAndColumn() {
        TableMapEventData map = map();
        byte[] shortened = Arrays.copyOf(DEFLATED, DEFLATED.length - 4);
        byte[] wrongLength = DEFLATED.clone();
        wrongLength[2] = 0x05; // 261 bytes promised, 260 inflated
        byte[] otherAlgorithm = DEFLATED.clone();
        otherAlgorithm[0] = (byte) 0x9a;
        for (byte[] cell : new byte[][] {shortened, wrongLength, otherAlgorithm, {(byte) 0x80}}) {
            IOException e = assertThrows(IOException.class, () -> CompressedColumns.inflate(cell, map, 1));
            assertTrue(e.getMessage().contains("compressed column 2 of xat.u"), e.getMessage());
        }
    }

    private static TableMapEventData map() {
        TableMapEventData m = new TableMapEventData();
        m.setDatabase("xat");
        m.setTable("u");
        return m;
    }
}
