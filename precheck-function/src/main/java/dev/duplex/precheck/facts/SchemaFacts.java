package dev.duplex.precheck.facts;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The databases and tables of one node that the task touches. Names are looked up as the
 * server compares them: exactly, or without case when {@code lower_case_table_names} is set.
 */
public final class SchemaFacts {

    private final boolean ignoreCase;
    private final Map<String, String> databases;
    private final Map<String, Map<String, TableFacts>> tables;

    public SchemaFacts(boolean ignoreCase, Set<String> databases, List<TableFacts> tables) {
        this.ignoreCase = ignoreCase;
        this.databases = new TreeMap<>();
        databases.forEach(d -> this.databases.put(key(d), d));
        this.tables = new TreeMap<>();
        for (TableFacts t : tables) {
            this.tables.computeIfAbsent(key(t.database()), k -> new TreeMap<>()).put(key(t.name()), t);
        }
    }

    public boolean ignoreCase() {
        return ignoreCase;
    }

    public boolean hasDatabase(String db) {
        return databases.containsKey(key(db));
    }

    public Optional<TableFacts> table(String db, String table) {
        return Optional.ofNullable(tables.getOrDefault(key(db), Map.of()).get(key(table)));
    }

    /** The base tables (not views) of {@code db}, in name order. */
    public List<TableFacts> baseTables(String db) {
        return tables.getOrDefault(key(db), Map.of()).values().stream().filter(t -> !t.view())
                .collect(Collectors.toList());
    }

    private String key(String name) {
        return ignoreCase ? name.toLowerCase(Locale.ROOT) : name;
    }
}
