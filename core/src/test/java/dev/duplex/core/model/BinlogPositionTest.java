package dev.duplex.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BinlogPositionTest {

    @Test
    void shouldOrderByFileSequenceThenOffsetIgnoringGtid() {
        var a = new BinlogPosition("mysql-bin.000009", 900_000, "0-1-50");
        var b = new BinlogPosition("mysql-bin.000010", 4, "0-1-10");
        assertTrue(a.compareTo(b) < 0);
        assertEquals(0, a.compareTo(new BinlogPosition("mysql-bin.000009", 900_000, "")));
    }

    @Test
    void shouldOrderPastSixDigitFileSuffix() {
        assertTrue(new BinlogPosition("binlog.999999", 4).compareTo(new BinlogPosition("binlog.1000000", 4)) < 0);
    }

    @Test
    void shouldRejectFileNameWithoutNumericSuffix() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BinlogPosition("mysql-bin", 4));
        assertTrue(e.getMessage().contains("numeric suffix"));
        for (String bad : new String[] {"mysql-bin.", "mysql-bin.00a001", "mysql-bin.12345678901", "mysql-bin.-1"}) {
            assertThrows(IllegalArgumentException.class, () -> new BinlogPosition(bad, 4), bad);
        }
        assertEquals(4_294_967_295L, new BinlogPosition("binlog.4294967295", 4).fileIndex());
    }
}
