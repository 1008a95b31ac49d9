package dev.duplex.capture.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import dev.duplex.capture.testing.Binlog;
import dev.duplex.core.error.DecodeException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableSchemaResolverTest {

    /** A catalog served from a map, counting lookups. */
    static final class FakeCatalog implements SchemaCatalog {
        final Map<String, CatalogTable> tables = new HashMap<>();
        int lookups;

        @Override
        public Optional<CatalogTable> table(String db, String table) {
            lookups++;
            return Optional.ofNullable(tables.get(db + "." + table));
        }

        @Override
        public Map<Integer, String> collations() {
            return Map.of();
        }
    }

    private static final byte STRING = (byte) ColumnType.STRING.getCode();
    private static final byte VARCHAR = (byte) ColumnType.VARCHAR.getCode();
    private static final byte BLOB = (byte) ColumnType.BLOB.getCode();
    private static final byte LONG = (byte) ColumnType.LONG.getCode();

    /** id INT UNSIGNED, v VARCHAR(10) latin1, e ENUM('x','y'), j LONGTEXT utf8mb4 (MariaDB JSON), b BINARY(4), g INT generated. */
    private static TableMapEventData mariaDbTable() {
        byte[] types = {LONG, VARCHAR, STRING, BLOB, STRING, LONG};
        int[] metas = {0, 10, (ColumnType.ENUM.getCode() << 8) | 1, 4, (0xFE << 8) | 4, 0};
        BitSet unsigned = new BitSet();
        unsigned.set(0);
        TableMapEventData t = Binlog.table("db", "t", types, metas, List.of("id", "v", "e", "j", "b", "g"), List.of(0),
                unsigned, List.of(8, 46, 63));
        t.getEventMetadata().setEnumStrValues(List.<String[]>of(new String[] {"x", "y"}));
        return t;
    }

    @Test
    void shouldDescribeColumnsFromFullMetadata() {
        FakeCatalog catalog = new FakeCatalog();
        catalog.tables.put("db.t", new CatalogTable(List.of(
                new CatalogTable.Column("id", "int", "int(10) unsigned", null, false, false),
                new CatalogTable.Column("j", "longtext", "longtext", "utf8mb4", false, true),
                new CatalogTable.Column("g", "int", "int(11)", null, true, false)), List.of("id"), List.of(), "InnoDB"));
        TableSchema s = new TableSchemaResolver(catalog, Collations.builtInOnly()).resolve(mariaDbTable(), true, "p");
        assertEquals(List.of("id", "v", "e", "j", "b", "g"), s.columnNames());
        assertEquals(List.of("id"), s.keyColumns());
        ColumnSchema id = s.columns().get(0);
        assertTrue(id.unsigned());
        assertEquals("latin1", s.columns().get(1).charset().mysqlName());
        assertEquals(ColumnType.ENUM, s.columns().get(2).type());
        assertEquals(List.of("x", "y"), s.columns().get(2).labels());
        assertTrue(s.columns().get(3).json());
        assertEquals("utf8mb4", s.columns().get(3).charset().mysqlName());
        ColumnSchema b = s.columns().get(4);
        assertEquals(ColumnType.STRING, b.type());
        assertEquals(4, b.length());
        assertTrue(b.charset().isBinary());
        assertTrue(s.columns().get(5).generated());
        assertFalse(s.columns().get(1).generated());
    }

    /** A long UNIQUE key's hidden hash column: in the table map, not in information_schema; each server computes it. */
    @Test
    void shouldTreatALongUniqueKeysHiddenHashAsGenerated() {
        byte[] types = {LONG, BLOB, (byte) ColumnType.LONGLONG.getCode()};
        TableMapEventData t = Binlog.table("db", "t", types, new int[] {0, 2, 0}, List.of("id", "url", "DB_ROW_HASH_1"),
                List.of(0), new BitSet(), List.of());
        FakeCatalog catalog = new FakeCatalog();
        catalog.tables.put("db.t", new CatalogTable(List.of(
                new CatalogTable.Column("id", "int", "int(11)", null, false, false),
                new CatalogTable.Column("url", "text", "text", null, false, false)), List.of("id"), List.of(), "InnoDB"));
        TableSchema s = new TableSchemaResolver(catalog, Collations.builtInOnly()).resolve(t, true, "p");
        assertEquals(List.of(false, false, true), s.columns().stream().map(ColumnSchema::generated).toList());
    }

    @Test
    void shouldUseTheDefaultCharsetFormWithExceptions() {
        byte[] types = {VARCHAR, LONG, VARCHAR};
        TableMapEventData t = Binlog.table("db", "t", types, new int[] {40, 0, 40}, List.of("a", "n", "b"), List.of(1),
                new BitSet(), List.of());
        TableMapEventMetadata.DefaultCharset dc = new TableMapEventMetadata.DefaultCharset();
        dc.setDefaultCharsetCollation(255);
        dc.setCharsetCollations(Map.of(1, 8));
        t.getEventMetadata().setDefaultCharset(dc);
        TableSchema s = new TableSchemaResolver(new FakeCatalog(), Collations.builtInOnly()).resolve(t, false, "p");
        assertEquals("utf8mb4", s.columns().get(0).charset().mysqlName());
        assertEquals("latin1", s.columns().get(2).charset().mysqlName());
    }

    @Test
    void shouldFallBackToTheCatalogWithoutMetadata() {
        TableMapEventData t = Binlog.table("db", "t", new byte[] {LONG, VARCHAR}, new int[] {0, 40}, List.of(), List.of(),
                new BitSet(), List.of());
        t.setEventMetadata(null);
        FakeCatalog catalog = new FakeCatalog();
        catalog.tables.put("db.t", new CatalogTable(List.of(
                new CatalogTable.Column("id", "int", "int(10) unsigned", null, false, false),
                new CatalogTable.Column("name", "varchar", "varchar(10)", "utf8mb4", false, false)),
                List.of(), List.of(List.of("id")), "InnoDB"));
        TableSchema s = new TableSchemaResolver(catalog, Collations.builtInOnly()).resolve(t, true, "p");
        assertEquals(List.of("id", "name"), s.columnNames());
        assertTrue(s.columns().get(0).unsigned());
        assertEquals(List.of("id"), s.keyColumns());
    }

    @Test
    void shouldRefuseTheFallbackWhenTheColumnCountChanged() {
        TableMapEventData t = Binlog.table("db", "t", new byte[] {LONG}, new int[] {0}, List.of(), List.of(),
                new BitSet(), List.of());
        t.setEventMetadata(null);
        FakeCatalog catalog = new FakeCatalog();
        catalog.tables.put("db.t", new CatalogTable(List.of(
                new CatalogTable.Column("a", "int", "int", null, false, false),
                new CatalogTable.Column("b", "int", "int", null, false, false)), List.of("a"), List.of(), "InnoDB"));
        var e = assertThrows(DecodeException.class,
                () -> new TableSchemaResolver(catalog, Collations.builtInOnly()).resolve(t, true, "f.000001:9"));
        assertTrue(e.getMessage().contains("binlog_row_metadata=FULL"), e.getMessage());
    }

    /**
     * Without column names a column moved since the event would take another's values: the
     * event's id (an INT) would be published as `name`, and the name as `id`. The types give
     * it away.
     */
    @Test
    void shouldRefuseTheFallbackWhenAColumnMovedSinceTheEvent() {
        TableMapEventData t = Binlog.table("db", "t", new byte[] {LONG, VARCHAR}, new int[] {0, 40}, List.of(),
                List.of(), new BitSet(), List.of());
        t.setEventMetadata(null);
        FakeCatalog catalog = new FakeCatalog();
        catalog.tables.put("db.t", new CatalogTable(List.of(
                new CatalogTable.Column("name", "varchar", "varchar(10)", "utf8mb4", false, false),
                new CatalogTable.Column("id", "int", "int(11)", null, false, false)), List.of("id"), List.of(),
                "InnoDB"));
        var e = assertThrows(DecodeException.class,
                () -> new TableSchemaResolver(catalog, Collations.builtInOnly()).resolve(t, true, "f.000001:9"));
        assertTrue(e.getMessage().contains("db.t has column 1 of type LONG in the binlog where `name`"),
                e.getMessage());
        assertTrue(e.getMessage().contains("binlog_row_metadata=FULL") && e.getMessage().contains("duplex task reset"),
                e.getMessage());
    }

    @Test
    void shouldTakeEveryStringFormAndItsExactTypesAsTheSameColumn() {
        assertTrue(CatalogTypes.compatible(ColumnType.BLOB, "longtext"), "MariaDB's JSON");
        assertTrue(CatalogTypes.compatible(ColumnType.STRING, "uuid"));
        assertTrue(CatalogTypes.compatible(ColumnType.STRING, "inet6"));
        assertTrue(CatalogTypes.compatible(ColumnType.GEOMETRY, "point"));
        assertTrue(CatalogTypes.compatible(ColumnType.TIMESTAMP_V2, "timestamp"));
        assertTrue(CatalogTypes.compatible(ColumnType.NEWDECIMAL, "DECIMAL"));
        assertFalse(CatalogTypes.compatible(ColumnType.VARCHAR, "int"));
        assertFalse(CatalogTypes.compatible(ColumnType.TINY, "int"));
        assertFalse(CatalogTypes.compatible(ColumnType.DATETIME_V2, "timestamp"));
    }

    @Test
    void shouldAskTheCatalogOncePerTableUntilInvalidated() {
        FakeCatalog catalog = new FakeCatalog();
        TableSchemaResolver r = new TableSchemaResolver(catalog, Collations.builtInOnly());
        TableMapEventData t = Binlog.intTable("db", "t", "id", "v");
        t.setTableId(5);
        TableSchema first = r.resolve(t, true, "p");
        TableSchema again = r.resolve(t, true, "p");
        assertTrue(first == again);
        assertEquals(1, catalog.lookups);
        r.invalidate();
        r.resolve(t, true, "p");
        assertEquals(2, catalog.lookups);
    }

    @Test
    void shouldRefuseACharsetJavaCannotDecodeExactly() {
        TableMapEventData t = Binlog.table("db", "t", new byte[] {VARCHAR}, new int[] {40}, List.of("v"), List.of(0),
                new BitSet(), List.of(9999));
        var e = assertThrows(DecodeException.class,
                () -> new TableSchemaResolver(new FakeCatalog(), new Collations(Map.of(9999, "armscii8"))).resolve(t, false, "p"));
        assertTrue(e.getMessage().contains("armscii8"), e.getMessage());
    }

    @Test
    void shouldUnpackRealTypesFromStringMetadata() {
        assertEquals(new RealType(ColumnType.ENUM, 2), RealType.of(254, (247 << 8) | 2));
        assertEquals(new RealType(ColumnType.SET, 1), RealType.of(254, (248 << 8) | 1));
        assertEquals(new RealType(ColumnType.STRING, 40), RealType.of(254, (254 << 8) | 40));
        // CHAR(255) in utf8mb4 is 1020 bytes: bits of the length hide in the type byte.
        assertEquals(new RealType(ColumnType.STRING, 1020), RealType.of(254, (0xCE << 8) | 0xFC));
    }

    @Test
    void shouldParseEnumLabelsWithQuotes() {
        assertEquals(List.of("a", "it's", "x,y"), EnumLabels.parse("enum('a','it''s','x,y')"));
        assertEquals(List.of(), EnumLabels.parse("set()"));
    }
}
