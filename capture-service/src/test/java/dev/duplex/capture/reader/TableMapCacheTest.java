package dev.duplex.capture.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TableMapCacheTest {
    private final TableMapCache cache = new TableMapCache();

    /** A TABLE_MAP event body: table id, flags, database, table, column types, no metadata, nullability. */
    private static byte[] body(long tableId, String db, String table, byte... types) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 6; i++) {
            out.write((int) (tableId >>> (8 * i)) & 0xFF);
        }
        out.write(0);
        out.write(0);
        for (String name : new String[] {db, table}) {
            byte[] b = name.getBytes(StandardCharsets.UTF_8);
            out.write(b.length);
            out.writeBytes(b);
            out.write(0);
        }
        out.write(types.length);
        out.writeBytes(types);
        out.write(0); // metadata length: INT/BIGINT columns have none
        out.write(0); // nullability bitmap
        return out.toByteArray();
    }

    private TableMapEventData read(byte[] body) throws IOException {
        return cache.deserialize(new ByteArrayInputStream(body));
    }

    @Test
    void theSameMapAgainIsTheMapDecodedBefore() throws IOException {
        TableMapEventData first = read(body(7, "shop", "orders", (byte) 3, (byte) 8));
        assertEquals("orders", first.getTable());
        assertArrayEquals(new byte[] {3, 8}, first.getColumnTypes());
        assertSame(first, read(body(7, "shop", "orders", (byte) 3, (byte) 8)));
    }

    @Test
    void aChangedMapOfTheSameTableIdIsDecodedAnew() throws IOException {
        TableMapEventData before = read(body(7, "shop", "orders", (byte) 3));
        TableMapEventData altered = read(body(7, "shop", "orders", (byte) 3, (byte) 8));
        assertNotSame(before, altered);
        assertArrayEquals(new byte[] {3, 8}, altered.getColumnTypes());
        TableMapEventData renamed = read(body(7, "shop", "invoices", (byte) 3, (byte) 8));
        assertEquals("invoices", renamed.getTable());
    }

    @Test
    void tablesAreKeptApartByTheirIds() throws IOException {
        TableMapEventData orders = read(body(7, "shop", "orders", (byte) 3));
        TableMapEventData items = read(body(300_000_000_000L, "shop", "items", (byte) 8));
        assertEquals(300_000_000_000L, items.getTableId());
        assertSame(orders, read(body(7, "shop", "orders", (byte) 3)));
        assertSame(items, read(body(300_000_000_000L, "shop", "items", (byte) 8)));
    }
}
