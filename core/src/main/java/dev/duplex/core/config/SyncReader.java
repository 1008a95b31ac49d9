package dev.duplex.core.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;

/** Reads {@code sync}: synchronization types, DDL, conflicting-table mode and conflict policy. */
final class SyncReader {

    private static final Map<String, String> HINTS = Map.of(
            "useMax", "useMax is set per table, under objects[].tables[]",
            "useMin", "useMin is set per table, under objects[].tables[]",
            "excludeDdl", "write ddl: false to leave DDL out");

    private SyncReader() {}

    static SyncConfig read(JsonNode sync, Problems problems) {
        if (sync == null || sync.isNull()) {
            return SyncConfig.defaults();
        }
        Section s = Section.open(sync, "sync", problems, HINTS,
                "types", "ddl", "conflictingTables", "conflictPolicy", "strictConflicts", "fullSync");
        Set<SyncType> types = types(s);
        Boolean ddl = s.bool("ddl");
        if (Boolean.TRUE.equals(ddl) && types != null && !types.contains(SyncType.INCREMENTAL)) {
            problems.add(s.path("ddl"), "ddl: true needs incremental synchronization, which carries the DDL",
                    "add incremental to sync.types or write ddl: false");
        }
        ConflictingTablesMode mode = s.choice("conflictingTables", ConflictingTablesMode.class,
                ConflictingTablesMode.PRECHECK_AND_REPORT);
        ConflictPolicy policy = s.choice("conflictPolicy", ConflictPolicy.class, ConflictPolicy.TASK_FAILED);
        Boolean strict = s.bool("strictConflicts");
        FullSyncOptions fullSync = fullSync(s);
        return new SyncConfig(types == null ? SyncConfig.DEFAULT_TYPES : types,
                ddl == null || ddl, mode, policy, Boolean.TRUE.equals(strict), fullSync);
    }

    private static FullSyncOptions fullSync(Section sync) {
        if (!sync.has("fullSync")) {
            return FullSyncOptions.defaults();
        }
        Section s = Section.open(sync.get("fullSync"), sync.path("fullSync"), sync.problems(), Map.of(),
                "chunkRows", "parallelism", "writers", "via", "deferIndexes");
        int chunkRows = s.integer("chunkRows", FullSyncOptions.DEFAULT_CHUNK_ROWS, FullSyncOptions.MIN_CHUNK_ROWS,
                FullSyncOptions.MAX_CHUNK_ROWS);
        int parallelism = s.integer("parallelism", FullSyncOptions.DEFAULT_PARALLELISM, 1,
                FullSyncOptions.MAX_PARALLELISM);
        int writers = s.integer("writers", FullSyncOptions.DEFAULT_WRITERS, 1, FullSyncOptions.MAX_PARALLELISM);
        FullSyncRoute via = s.choice("via", FullSyncRoute.class, FullSyncRoute.DIRECT);
        Boolean deferIndexes = s.bool("deferIndexes");
        return new FullSyncOptions(chunkRows, parallelism, writers, via == null ? FullSyncRoute.DIRECT : via,
                deferIndexes == null ? FullSyncOptions.DEFAULT_DEFER_INDEXES : deferIndexes);
    }

    private static Set<SyncType> types(Section s) {
        if (!s.has("types")) {
            return SyncConfig.DEFAULT_TYPES;
        }
        Set<SyncType> types = Choices.readSet(s, "types", SyncType.class);
        if (types != null && !types.contains(SyncType.INCREMENTAL)) {
            s.problems().add(s.path("types"), "incremental is required: a two-way task keeps both sides in step"
                    + " with incremental synchronization", "add incremental to sync.types");
        }
        return types;
    }
}
