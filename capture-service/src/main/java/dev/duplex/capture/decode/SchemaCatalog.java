package dev.duplex.capture.decode;

import java.util.Map;
import java.util.Optional;

/** What capture asks the source's information_schema; the binlog's own metadata is preferred. */
public interface SchemaCatalog {

    /** The current definition of {@code db.table}, or empty when it does not exist. */
    Optional<CatalogTable> table(String db, String table);

    /**
     * Whether {@code db.table} holds a row now (false when it does not exist). Without a way to look,
     * it is taken to: the caller stops rather than guess.
     */
    default boolean holdsRows(String db, String table) {
        return true;
    }

    /** Collation id to character set name, as the server defines them. */
    Map<Integer, String> collations();

    /** Collation id to the collation's full name, as the server defines them (none: built-in names only). */
    default Map<Integer, String> collationNames() {
        return Map.of();
    }
}
