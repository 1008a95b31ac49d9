package dev.duplex.core.config;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the task synchronizes and how it treats conflicts.
 *
 * @param ddl             synchronize DDL forward (a to b); reverse DDL is never synchronized
 * @param strictConflicts also treat as a conflict an UPDATE whose before-image differs from the
 *                        target's current row (someone changed it on the target meanwhile)
 * @param fullSync        how full data synchronization reads node a
 */
public record SyncConfig(Set<SyncType> types, boolean ddl, ConflictingTablesMode conflictingTables,
                         ConflictPolicy conflictPolicy, boolean strictConflicts, FullSyncOptions fullSync) {

    public static final Set<SyncType> DEFAULT_TYPES = Collections.unmodifiableSet(EnumSet.allOf(SyncType.class));

    public SyncConfig {
        Objects.requireNonNull(types, "types");
        types = types.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(types));
        conflictingTables = conflictingTables == null ? ConflictingTablesMode.PRECHECK_AND_REPORT : conflictingTables;
        conflictPolicy = conflictPolicy == null ? ConflictPolicy.TASK_FAILED : conflictPolicy;
        fullSync = fullSync == null ? FullSyncOptions.defaults() : fullSync;
    }

    /** Settings with the default full-sync options. */
    public SyncConfig(Set<SyncType> types, boolean ddl, ConflictingTablesMode conflictingTables,
                      ConflictPolicy conflictPolicy, boolean strictConflicts) {
        this(types, ddl, conflictingTables, conflictPolicy, strictConflicts, null);
    }

    /** The same settings with other synchronization types. */
    public SyncConfig withTypes(Set<SyncType> newTypes) {
        return new SyncConfig(newTypes, ddl, conflictingTables, conflictPolicy, strictConflicts, fullSync);
    }

    /** The same settings with another conflicting-table mode. */
    public SyncConfig withConflictingTables(ConflictingTablesMode mode) {
        return new SyncConfig(types, ddl, mode, conflictPolicy, strictConflicts, fullSync);
    }

    public static SyncConfig defaults() {
        return new SyncConfig(DEFAULT_TYPES, true, null, null, false);
    }

    public boolean includes(SyncType type) {
        return types.contains(type);
    }
}
