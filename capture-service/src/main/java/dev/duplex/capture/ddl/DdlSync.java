package dev.duplex.capture.ddl;

import dev.duplex.capture.decode.CatalogTable;
import dev.duplex.core.config.DatabaseSelection;
import dev.duplex.core.config.IdentifierRules;
import dev.duplex.core.config.TableSelection;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.model.BinlogPosition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * What node b runs for a DDL statement node a ran (forward direction): the statement under node
 * b's names, cut to what is synchronized, or nothing. Rules (docs/config.md, "DDL"):
 *
 * <ul>
 *   <li>Table statements of a selected table; DROP TABLE and RENAME TABLE keep only their
 *       selected tables (a RENAME pair by its source); views and routines of a database selected
 *       whole, without their DEFINER (as schema sync creates them).</li>
 *   <li>A table entering the selection by RENAME (its rows never reached node b) stops the task;
 *       so does pt-online-schema-change on a selected table ({@link OnlineSchemaChanges}), and a
 *       partition clause moving rows between a selected table and another ({@link RowMoves}), and
 *       a column added with a DEFAULT each server computes its own way ({@link PerNodeDefaults}).</li>
 *   <li>With {@code onlineDdl.tool: gh-ost}: the ghost's ALTER is kept and the cut-over becomes
 *       that ALTER on the real table.</li>
 * </ul>
 */
public final class DdlSync {
    /** A statement for node b, run in {@code database} (node b's name; "" for none). */
    public record Target(String database, String sql) {}

    private final TaskConfig config;
    private final BiFunction<String, String, Optional<CatalogTable>> catalog;
    private final NameMapper mapper;
    private final OnlineSchemaChanges online;
    private final RowMoves moves;
    private final PerNodeDefaults defaults;

    /**
     * @param catalog   node a's current definition of a table, for its key and column names
     * @param holdsRows whether node a's table holds a row now ({@link PerNodeDefaults})
     * @param ghosts    the gh-ost migrations in flight, shared with the checkpoint's publisher
     */
    public DdlSync(TaskConfig config, BiFunction<String, String, Optional<CatalogTable>> catalog,
                   BiPredicate<String, String> holdsRows, GhostMigrations ghosts) {
        this.config = config;
        this.catalog = catalog;
        this.mapper = new NameMapper(config);
        this.online = new OnlineSchemaChanges(config, ghosts);
        this.moves = new RowMoves(config);
        this.defaults = new PerNodeDefaults(config, holdsRows);
    }

    /**
     * @param floor    the transaction boundary before this statement (where a restart reads it again)
     * @param position the statement's binlog position, for errors
     */
    public List<Target> forward(Ddl d, String defaultDb, BinlogPosition floor, String position) {
        List<Target> out = new ArrayList<>();
        for (Ddl alter : online.check(d, defaultDb, floor, position)) {
            translate(alter, defaultDb, position).ifPresent(out::add);
        }
        translate(d, defaultDb, position).ifPresent(out::add);
        return out;
    }

    private Optional<Target> translate(Ddl d, String defaultDb, String position) {
        return switch (d.kind()) {
            case CREATE_TRIGGER -> Optional.empty();
            case DROP_TABLE -> list(d, defaultDb, p -> selected(p.tables().get(0), defaultDb));
            case RENAME_TABLE -> list(d, defaultDb, p -> online.renameKept(p, defaultDb, position));
            case CREATE_VIEW, ALTER_VIEW, CREATE_FUNCTION, CREATE_PROCEDURE -> schemaObject(d, defaultDb);
            default -> table(d, defaultDb, position);
        };
    }

    /** DROP TABLE, RENAME TABLE: the selected items, or nothing. */
    private Optional<Target> list(Ddl d, String defaultDb, Predicate<Part> keep) {
        List<Part> kept = d.parts().stream().filter(keep).toList();
        if (kept.isEmpty()) {
            return Optional.empty();
        }
        String home = home(defaultDb, kept.get(0).tables().get(0).database(defaultDb));
        Edits edits = new Edits(d.sql());
        PartFilter.cut(d.tokens(), d.parts(), kept::contains, edits);
        d.names().forEach(n -> mapper.map(n, defaultDb, null, home, edits));
        return Optional.of(target(home, edits));
    }

    private Optional<Target> schemaObject(Ddl d, String defaultDb) {
        String db = d.target().database(defaultDb);
        DatabaseSelection selected = config.objects().database(db);
        if (selected == null || !selected.isWholeDatabase() || IdentifierRules.isReservedSchema(db)) {
            return Optional.empty();
        }
        boolean routine = d.kind() == Ddl.Kind.CREATE_FUNCTION || d.kind() == Ddl.Kind.CREATE_PROCEDURE;
        String home = home(defaultDb, db);
        Edits edits = new Edits(d.sql());
        if (d.definer() != null) {
            // The definer may not exist on node b; Duplex's user defines it there, as schema sync does.
            edits.removeTokens(d.tokens(), d.definer()[0], d.definer()[1]);
        }
        d.names().forEach(n -> mapper.map(n, defaultDb, routine ? db : null, home, edits));
        return Optional.of(target(home, edits));
    }

    /** ALTER/CREATE TABLE, CREATE/DROP INDEX, TRUNCATE of a selected table. */
    private Optional<Target> table(Ddl d, String defaultDb, String position) {
        moves.requireWithinSelection(d, defaultDb, position);
        String db = d.target().database(defaultDb);
        String name = d.target().object();
        TableSelection sel = config.selectionFor(db, name);
        if (sel == null) {
            online.requireNotEntering(d, defaultDb, position);
            return Optional.empty();
        }
        Optional<CatalogTable> now = catalog.apply(db, name);
        PartFilter filter = new PartFilter(d, sel, key(d, now), known(d, now), p -> selected(p, defaultDb));
        List<Part> kept = d.parts().stream().filter(filter::keeps).toList();
        if (kept.size() < d.parts().size() && kept.stream().allMatch(p -> p.kind() == Part.Kind.MODIFIER)) {
            return Optional.empty();
        }
        defaults.requireSameValues(d, kept, db, name, position);
        String home = home(defaultDb, db);
        Edits edits = new Edits(d.sql());
        if (d.kind() == Ddl.Kind.CREATE_INDEX) {
            if (kept.isEmpty()) {
                return Optional.empty();
            }
        } else {
            PartFilter.cut(d.tokens(), d.parts(), kept::contains, edits);
        }
        kept.stream().filter(filter::dropsAfter).forEach(p -> edits.removeTokens(d.tokens(), p.after()[0], p.after()[1]));
        d.names().forEach(n -> mapper.map(n, defaultDb, null, home, edits));
        for (Token c : ExpressionColumns.in(d, known(d, now))) {
            edits.replace(c, NameMapper.spell(c, config.targetColumnName(db, name, c.name())));
        }
        return Optional.of(target(home, edits));
    }

    private boolean selected(ObjectRef ref, String defaultDb) {
        return config.selectionFor(ref.database(defaultDb), ref.object()) != null;
    }

    /**
     * The node-a database whose node-b name the statement runs in: the session's default
     * database when it is synchronized (node b has it), else the database the statement acts on.
     */
    private String home(String defaultDb, String acted) {
        return !defaultDb.isEmpty() && config.objects().database(defaultDb) != null ? defaultDb : acted;
    }

    private Target target(String home, Edits edits) {
        return new Target(home.isEmpty() ? "" : config.targetDatabaseName(home), edits.apply());
    }

    /** Key columns (lower case): node a's identifying key now, and the primary key the statement defines. */
    private static Set<String> key(Ddl d, Optional<CatalogTable> now) {
        Set<String> key = new HashSet<>();
        now.ifPresent(t -> t.identifyingKey().forEach(c -> key.add(lower(c))));
        for (Part p : d.parts()) {
            if (p.kind() == Part.Kind.INDEX && d.tokens().subList(p.from(), p.to()).stream().anyMatch(t -> t.is("PRIMARY"))) {
                p.columns().forEach(c -> key.add(lower(c)));
            }
        }
        return key;
    }

    /** Column names (lower case) the table has now or the statement names. */
    private static Set<String> known(Ddl d, Optional<CatalogTable> now) {
        Set<String> known = new HashSet<>();
        now.ifPresent(t -> t.columns().forEach(c -> known.add(lower(c.name()))));
        d.parts().stream().filter(p -> p.kind() == Part.Kind.COLUMN)
                .forEach(p -> p.columns().forEach(c -> known.add(lower(c))));
        return known;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
