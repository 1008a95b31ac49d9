package dev.duplex.capture.schema;

import java.util.List;

/**
 * What schema sync did on node b. Names are node b's.
 *
 * @param keptTables  tables that existed on node b and were left as they are (ignore-and-proceed,
 *                    or created by an earlier, interrupted run)
 * @param triggers    triggers of node a that were not created (reported only)
 * @param problems    objects that could not be created (views, routines), with the server's reason
 */
public record SchemaSyncReport(List<String> createdTables, List<String> keptTables, List<String> createdViews,
                               List<String> createdRoutines, List<String> triggers, List<String> skippedForeignKeys,
                               List<String> problems) {
    public SchemaSyncReport {
        createdTables = List.copyOf(createdTables);
        keptTables = List.copyOf(keptTables);
        createdViews = List.copyOf(createdViews);
        createdRoutines = List.copyOf(createdRoutines);
        triggers = List.copyOf(triggers);
        skippedForeignKeys = List.copyOf(skippedForeignKeys);
        problems = List.copyOf(problems);
    }
}
