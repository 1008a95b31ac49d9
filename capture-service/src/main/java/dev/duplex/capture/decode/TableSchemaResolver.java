package dev.duplex.capture.decode;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import dev.duplex.core.error.DecodeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Describes tables from their table-map events. With binlog_row_metadata=FULL the event itself
 * carries names, signedness, charsets, ENUM/SET values and the primary key, so the schema is
 * the one the row was written with. information_schema (the current schema) is consulted only
 * for what the binlog never says: generated columns, MariaDB's JSON (a LONGTEXT with a
 * json_valid check), unique keys of tables without a primary key, and everything when the
 * metadata is missing (with the risk logged once).
 */
public final class TableSchemaResolver {
    private static final Logger LOG = LoggerFactory.getLogger(TableSchemaResolver.class);

    /**
     * The hidden column of a MariaDB long UNIQUE key (10.4+: on a BLOB, TEXT or too long VARCHAR),
     * which the table map carries and information_schema does not list. Each server computes it
     * from the key's columns, as it does a generated column, so it is treated as one.
     */
    private static final Pattern LONG_UNIQUE_HASH = Pattern.compile("DB_ROW_HASH_[0-9]+");

    private final SchemaCatalog catalog;
    private final Collations collations;
    /** The task, named in the recovery a stop gives. */
    private final String task;
    private final Map<Long, Cached> byTableId = new HashMap<>();
    private final Map<String, Optional<CatalogTable>> catalogCache = new HashMap<>();
    private boolean warnedNoMetadata;

    public TableSchemaResolver(SchemaCatalog catalog, Collations collations) {
        this(catalog, collations, "TASK");
    }

    public TableSchemaResolver(SchemaCatalog catalog, Collations collations, String task) {
        this.catalog = catalog;
        this.collations = collations;
        this.task = task;
    }

    /**
     * The schema of the table a table-map event describes.
     *
     * @param withCatalog also consult information_schema (generated columns, JSON, unique keys);
     *                    false for Duplex's own tables, whose definition is known
     */
    public TableSchema resolve(TableMapEventData map, boolean withCatalog, String position) {
        Cached cached = byTableId.get(map.getTableId());
        if (cached != null && cached.matches(map) && cached.withCatalog == withCatalog) {
            return cached.schema;
        }
        TableSchema schema;
        try {
            schema = build(map, withCatalog, position);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new DecodeException("cannot read the table map of " + map.getDatabase() + "." + map.getTable()
                    + ": " + e.getMessage(), position, 0, e);
        }
        byTableId.put(map.getTableId(), new Cached(map, withCatalog, schema));
        return schema;
    }

    /** Forgets everything learned from information_schema: called after each DDL statement. */
    public void invalidate() {
        byTableId.clear();
        catalogCache.clear();
    }

    private TableSchema build(TableMapEventData map, boolean withCatalog, String position) {
        String db = map.getDatabase();
        String table = map.getTable();
        TableMapEventMetadata md = map.getEventMetadata();
        boolean full = md != null && md.getColumnNames() != null && md.getColumnNames().size() == map.getColumnTypes().length;
        Optional<CatalogTable> current = withCatalog || !full ? current(db, table) : Optional.empty();
        List<ColumnSchema> columns;
        List<String> key;
        if (full) {
            columns = fromMetadata(map, md, position);
            key = primaryKey(md, columns);
        } else {
            warnNoMetadata(db, table);
            CatalogTable t = current.orElseThrow(() -> new DecodeException("cannot describe " + db + "." + table
                    + ": the binlog carries no column metadata and the table no longer exists; set "
                    + "binlog_row_metadata=FULL on the source", position, 0, null));
            columns = fromCatalog(map, t, position);
            key = t.primaryKey();
        }
        if (current.isPresent()) {
            columns = withCatalogFlags(columns, current.get());
            if (key.isEmpty()) {
                key = current.get().identifyingKey();
            }
        }
        return new TableSchema(db, table, columns, key);
    }

    private List<ColumnSchema> fromMetadata(TableMapEventData map, TableMapEventMetadata md, String position) {
        byte[] types = map.getColumnTypes();
        int[] metas = map.getColumnMetadata();
        BitSet signedness = md.getSignedness() == null ? new BitSet() : md.getSignedness();
        List<Integer> charColumnCollations = characterCollations(md, countCharacterColumns(types, metas));
        List<ColumnSchema> out = new ArrayList<>(types.length);
        int charIndex = 0;
        int enumIndex = 0;
        int setIndex = 0;
        for (int i = 0; i < types.length; i++) {
            RealType rt = RealType.of(types[i] & 0xFF, metas[i]);
            TextCharset cs = TextCharset.BINARY;
            if (rt.isCharacter()) {
                cs = charset(charColumnCollations.get(charIndex++), map, md.getColumnNames().get(i), position);
            }
            List<String> labels = List.of();
            if (rt.type() == ColumnType.ENUM) {
                labels = labels(md.getEnumStrValues(), enumIndex++);
            } else if (rt.type() == ColumnType.SET) {
                labels = labels(md.getSetStrValues(), setIndex++);
            }
            out.add(new ColumnSchema(md.getColumnNames().get(i), rt.type(), metas[i], rt.length(),
                    signedness.get(i), cs, labels, rt.type() == ColumnType.JSON, false));
        }
        return out;
    }

    private List<ColumnSchema> fromCatalog(TableMapEventData map, CatalogTable t, String position) {
        byte[] types = map.getColumnTypes();
        int[] metas = map.getColumnMetadata();
        CatalogTypes.requireSameColumns(map, t, position, task);
        // MINIMAL metadata (MySQL 8's default) still says how each value was written: its character
        // set and signedness, which the table may have changed since (a CONVERT TO CHARACTER SET).
        TableMapEventMetadata md = map.getEventMetadata();
        List<Integer> collations = eventCollations(md, types, metas);
        BitSet signedness = md == null ? null : md.getSignedness();
        List<ColumnSchema> out = new ArrayList<>(types.length);
        int charIndex = 0;
        for (int i = 0; i < types.length; i++) {
            RealType rt = RealType.of(types[i] & 0xFF, metas[i]);
            CatalogTable.Column c = t.columns().get(i);
            TextCharset cs = TextCharset.BINARY;
            if (rt.isCharacter() && collations != null) {
                cs = charset(collations.get(charIndex++), map, c.name(), position);
            } else if (rt.isCharacter() && c.charset() != null) {
                cs = knownCharset(c.charset(), map, c.name(), position);
            }
            boolean unsigned = signedness != null ? signedness.get(i) : c.unsigned();
            List<String> labels = rt.type() == ColumnType.ENUM || rt.type() == ColumnType.SET
                    ? EnumLabels.parse(c.columnType()) : List.of();
            out.add(new ColumnSchema(c.name(), rt.type(), metas[i], rt.length(), unsigned, cs, labels,
                    rt.type() == ColumnType.JSON, false));
        }
        return out;
    }

    /** Each character column's collation as the event gives it, or null when it gives none (NO_LOG). */
    private static List<Integer> eventCollations(TableMapEventMetadata md, byte[] types, int[] metas) {
        boolean given = md != null && (md.getDefaultCharset() != null
                || (md.getColumnCharsets() != null && !md.getColumnCharsets().isEmpty()));
        return given ? characterCollations(md, countCharacterColumns(types, metas)) : null;
    }

    private static List<ColumnSchema> withCatalogFlags(List<ColumnSchema> columns, CatalogTable t) {
        List<ColumnSchema> out = new ArrayList<>(columns.size());
        for (ColumnSchema c : columns) {
            Optional<CatalogTable.Column> now = t.column(c.name());
            boolean generated = now.map(CatalogTable.Column::generated).orElseGet(() -> LONG_UNIQUE_HASH.matcher(c.name()).matches());
            boolean json = c.json() || (now.map(CatalogTable.Column::json).orElse(false) && !c.charset().isBinary());
            out.add(c.withGenerated(generated).withJson(json));
        }
        return out;
    }

    /** Primary key columns from the metadata; MariaDB reports the first unique NOT NULL key here when there is no primary key. */
    private static List<String> primaryKey(TableMapEventMetadata md, List<ColumnSchema> columns) {
        List<Integer> indexes = md.getSimplePrimaryKeys();
        if ((indexes == null || indexes.isEmpty()) && md.getPrimaryKeysWithPrefix() != null) {
            indexes = new ArrayList<>(md.getPrimaryKeysWithPrefix().keySet());
        }
        List<String> key = new ArrayList<>();
        if (indexes != null) {
            indexes.forEach(i -> key.add(columns.get(i).name()));
        }
        return key;
    }

    private static int countCharacterColumns(byte[] types, int[] metas) {
        int n = 0;
        for (int i = 0; i < types.length; i++) {
            if (RealType.of(types[i] & 0xFF, metas[i]).isCharacter()) {
                n++;
            }
        }
        return n;
    }

    /** Collation per character column, from either form the server may use (default + exceptions, or one per column). */
    private static List<Integer> characterCollations(TableMapEventMetadata md, int count) {
        if (md.getColumnCharsets() != null && !md.getColumnCharsets().isEmpty()) {
            return md.getColumnCharsets();
        }
        Integer[] out = new Integer[count];
        TableMapEventMetadata.DefaultCharset dc = md.getDefaultCharset();
        Arrays.fill(out, dc == null ? 63 : dc.getDefaultCharsetCollation());
        if (dc != null && dc.getCharsetCollations() != null) {
            dc.getCharsetCollations().forEach((index, collation) -> {
                if (index < count) {
                    out[index] = collation;
                }
            });
        }
        return Arrays.asList(out);
    }

    private TextCharset charset(Integer collation, TableMapEventData map, String column, String position) {
        String name = collations.charsetOf(collation);
        if (name == null) {
            throw new DecodeException("column " + map.getDatabase() + "." + map.getTable() + "." + column
                    + " has collation id " + collation + ", which the server does not list", position, 0, null);
        }
        return knownCharset(name, map, column, position);
    }

    private static TextCharset knownCharset(String name, TableMapEventData map, String column, String position) {
        TextCharset cs = TextCharset.forMySqlName(name);
        if (cs == null) {
            throw new DecodeException("column " + map.getDatabase() + "." + map.getTable() + "." + column
                    + " uses character set " + name + ", which Duplex cannot decode exactly; convert the column "
                    + "to utf8mb4 or leave the table out of the task", position, 0, null);
        }
        return cs;
    }

    private static List<String> labels(List<String[]> all, int index) {
        return all == null || index >= all.size() ? List.of() : Arrays.asList(all.get(index));
    }

    /**
     * {@code db.table} as information_schema describes it now (empty when it does not exist), read
     * once until the next DDL: the schemas resolved for it use the same answer.
     */
    public Optional<CatalogTable> current(String db, String table) {
        return catalogCache.computeIfAbsent(db + "\u0000" + table, k -> catalog.table(db, table));
    }

    /** Whether {@code db.table} holds a row now: asked every time, never cached. */
    public boolean holdsRows(String db, String table) {
        return catalog.holdsRows(db, table);
    }

    private void warnNoMetadata(String db, String table) {
        if (!warnedNoMetadata) {
            warnedNoMetadata = true;
            LOG.warn("binlog has no column metadata (first seen for {}.{}): reading column names, signedness and "
                    + "charsets from information_schema, which describes the tables as they are now, not as the "
                    + "binlog wrote them; a column added, dropped or reordered since may be decoded wrongly. "
                    + "Fix: SET GLOBAL binlog_row_metadata=FULL", db, table);
        }
    }

    /** A resolved schema and the table map it came from; any difference in the map means a new schema. */
    private record Cached(String db, String table, byte[] types, int[] metas, List<String> names, boolean withCatalog,
                          TableSchema schema) {
        Cached(TableMapEventData map, boolean withCatalog, TableSchema schema) {
            this(map.getDatabase(), map.getTable(), map.getColumnTypes(), map.getColumnMetadata(), names(map),
                    withCatalog, schema);
        }

        boolean matches(TableMapEventData map) {
            return db.equals(map.getDatabase()) && table.equals(map.getTable())
                    && Arrays.equals(types, map.getColumnTypes()) && Arrays.equals(metas, map.getColumnMetadata())
                    && Objects.equals(names, names(map));
        }

        private static List<String> names(TableMapEventData map) {
            return map.getEventMetadata() == null ? null : map.getEventMetadata().getColumnNames();
        }
    }
}
