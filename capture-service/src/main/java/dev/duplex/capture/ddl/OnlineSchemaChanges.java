package dev.duplex.capture.ddl;

import dev.duplex.core.config.OnlineDdlTool;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.error.IncompatibleSourceException;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.sql.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Online schema change tools on node a. gh-ost (with {@code onlineDdl.tool: gh-ost}): its ghost
 * table's ALTER is remembered and its cut-over RENAME (atomic or two-step, however commented,
 * qualified or quoted) becomes that ALTER on the real table; its shadow tables never reach node
 * b. pt-online-schema-change on a selected table stops the task: its copy is filled by triggers
 * on node a that Duplex does not run on node b, and the rows node b writes meanwhile would be
 * lost in the swap. A table that enters the selection by RENAME stops the task too.
 */
final class OnlineSchemaChanges {
    private static final Pattern PT_OSC_TRIGGER = Pattern.compile("pt_osc_.*", Pattern.CASE_INSENSITIVE);
    /** gh-ost's ghost table of table x: _x_gho. */
    private static final Pattern GHOST = Pattern.compile("_(.+)_gho", Pattern.CASE_INSENSITIVE);

    private final TaskConfig config;
    private final GhostMigrations ghosts;

    OnlineSchemaChanges(TaskConfig config, GhostMigrations ghosts) {
        this.config = config;
        this.ghosts = ghosts;
    }

    private boolean ghOst() {
        return config.onlineDdl().tool() == OnlineDdlTool.GH_OST;
    }

    private boolean shadow(ObjectRef ref) {
        return config.onlineDdl().isShadowTable(ref.object());
    }

    /**
     * Notes what the statement means for a tool's migration; returns the ALTER statements (node a's
     * names) node b gets for a gh-ost cut-over in it.
     *
     * @throws IncompatibleSourceException for pt-online-schema-change on a selected table, and for a
     *                                     gh-ost cut-over whose ALTER this capture did not read
     */
    List<Ddl> check(Ddl d, String defaultDb, BinlogPosition floor, String position) {
        if (d.kind() == Ddl.Kind.CREATE_TRIGGER && PT_OSC_TRIGGER.matcher(d.target().object()).matches()
                && selected(d.on(), defaultDb)) {
            throw ptOsc(d.on(), defaultDb, "its trigger " + d.target().object(), position);
        }
        if (d.kind() == Ddl.Kind.RENAME_TABLE) {
            requireNoPtOscSwap(d, defaultDb, position);
        }
        if (!ghOst()) {
            return List.of();
        }
        switch (d.kind()) {
            case ALTER_TABLE -> {
                if (shadow(d.target()) && !d.parts().isEmpty() && ofSelectedTable(d.target(), defaultDb)) {
                    String spec = d.sql().substring(d.tokens().get(d.parts().get(0).from()).start());
                    ghosts.altered(d.target().database(defaultDb), d.target().object(), spec, floor);
                }
            }
            case CREATE_TABLE -> {
                if (shadow(d.target())) {
                    ghosts.forget(d.target().database(defaultDb), d.target().object());
                }
            }
            case DROP_TABLE -> d.parts().stream().map(p -> p.tables().get(0)).filter(this::shadow)
                    .forEach(t -> ghosts.forget(t.database(defaultDb), t.object()));
            case RENAME_TABLE -> {
                return cutOvers(d, defaultDb, position);
            }
            default -> {
            }
        }
        return List.of();
    }

    /**
     * Whether a ghost table may belong to a selected table: a migration of a table the task does
     * not synchronize is not kept (it would hold the checkpoint for nothing). A name not in gh-ost's
     * default form ({@code --force-table-names}) is kept: its table cannot be told.
     */
    private boolean ofSelectedTable(ObjectRef ghost, String defaultDb) {
        var m = GHOST.matcher(ghost.object());
        return !m.matches() || config.selectionFor(ghost.database(defaultDb), m.group(1)) != null;
    }

    /** gh-ost's {@code _x_gho TO x}: the ALTER it ran on {@code _x_gho}, now for x. */
    private List<Ddl> cutOvers(Ddl d, String defaultDb, String position) {
        List<Ddl> out = new ArrayList<>();
        for (Part p : d.parts()) {
            ObjectRef ghost = p.tables().get(0);
            ObjectRef table = p.tables().get(1);
            if (!shadow(ghost) || shadow(table)) {
                continue;
            }
            String ghostDb = ghost.database(defaultDb);
            var spec = ghosts.take(ghostDb, ghost.object());
            if (!selected(table, defaultDb)) {
                continue;
            }
            if (spec.isEmpty()) {
                throw unknownGhostAlter(ghost, table, defaultDb, position);
            }
            String name = (table.db() == null ? "" : table.db().text() + ".") + table.name().text();
            out.add(DdlParser.parse("ALTER TABLE " + name + " " + spec.get()).orElseThrow(() ->
                    new IncompatibleSourceException("gh-ost's ALTER of " + ghost + " cannot be read: "
                            + spec.get(), position, 0, null)));
        }
        return out;
    }

    /**
     * Whether node b gets a RENAME pair: one whose source is selected; gh-ost's own moves of its
     * shadow tables never.
     *
     * @throws IncompatibleSourceException when an unselected table takes a selected table's name
     */
    boolean renameKept(Part p, String defaultDb, String position) {
        ObjectRef from = p.tables().get(0);
        ObjectRef to = p.tables().get(1);
        if (ghOst() && (shadow(from) || shadow(to))) {
            return false;
        }
        if (selected(from, defaultDb)) {
            return true;
        }
        if (selected(to, defaultDb)) {
            throw entering(from, to, defaultDb, position);
        }
        return false;
    }

    /** ALTER TABLE y RENAME TO x with y unselected and x selected. */
    void requireNotEntering(Ddl d, String defaultDb, String position) {
        for (Part p : d.parts()) {
            if (p.kind() == Part.Kind.RENAME_PAIR && !(ghOst() && shadow(p.tables().get(0)))
                    && selected(p.tables().get(1), defaultDb)) {
                throw entering(p.tables().get(0), p.tables().get(1), defaultDb, position);
            }
        }
    }

    /** pt-osc's swap: {@code x TO _x_old, _x_new TO x} with x selected. */
    private void requireNoPtOscSwap(Ddl d, String defaultDb, String position) {
        for (Part p : d.parts()) {
            ObjectRef from = p.tables().get(0);
            ObjectRef to = p.tables().get(1);
            String x = Pattern.quote(to.object());
            if (from.object().matches("_+" + x + "_new") && selected(to, defaultDb)) {
                throw ptOsc(to, defaultDb, "its table swap (" + from.object() + " renamed to " + to.object() + ")",
                        position);
            }
        }
    }

    private boolean selected(ObjectRef ref, String defaultDb) {
        return config.selectionFor(ref.database(defaultDb), ref.object()) != null;
    }

    private IncompatibleSourceException ptOsc(ObjectRef table, String defaultDb, String seen, String position) {
        String t = Identifiers.qualified(table.database(defaultDb), table.object());
        return new IncompatibleSourceException("pt-online-schema-change is changing selected table " + t
                + " on node a (capture read " + seen + "): Duplex cannot synchronize it. Its copy is filled by "
                + "triggers on node a, so node b would get neither the new definition nor, after the swap, the rows "
                + "it wrote meanwhile; capture stopped before publishing anything of it. Fix: stop "
                + "pt-online-schema-change and drop what it left (its pt_osc_* triggers and its _new table), then "
                + "make the change with gh-ost and onlineDdl: {tool: gh-ost} in the task, or run the ALTER TABLE "
                + "directly on node a. The binlog keeps the tool's statements, so the task cannot resume over them: "
                + "reset it (duplex task reset " + config.task() + " --yes) and start it again with a full sync",
                position, 0, null);
    }

    private IncompatibleSourceException entering(ObjectRef from, ObjectRef to, String defaultDb, String position) {
        String source = Identifiers.qualified(from.database(defaultDb), from.object());
        String target = Identifiers.qualified(to.database(defaultDb), to.object());
        String ghost = config.onlineDdl().tool() == OnlineDdlTool.NONE
                && from.object().toLowerCase(Locale.ROOT).endsWith("_gho")
                ? " If this is gh-ost's cut-over, set onlineDdl: {tool: gh-ost} in the task." : "";
        return new IncompatibleSourceException("table " + source + ", which the task does not synchronize, was "
                + "renamed to selected table " + target + " on node a: node b never got its rows, so the table "
                + "cannot continue there. Capture stopped before publishing the rename." + ghost + " Fix: add "
                + source + " to the task's objects and reset the task (duplex task reset " + config.task()
                + " --yes), then start it again with a full sync", position, 0, null);
    }

    private IncompatibleSourceException unknownGhostAlter(ObjectRef ghost, ObjectRef table, String defaultDb,
                                                         String position) {
        String t = Identifiers.qualified(table.database(defaultDb), table.object());
        return new IncompatibleSourceException("gh-ost's cut-over of " + t + " was read, but not the ALTER gh-ost "
                + "ran on " + ghost.object() + " before it: the capture started after that ALTER (a new task, a "
                + "reset or a rewind past it), so node b cannot get the new definition; capture stopped instead of "
                + "leaving node b's table as it was. Fix: run the migration's ALTER TABLE on node b's copy of " + t
                + " yourself, then reset the task (duplex task reset " + config.task() + " --yes) and start it "
                + "again; or start the task when no gh-ost migration is running", position, 0, null);
    }
}
