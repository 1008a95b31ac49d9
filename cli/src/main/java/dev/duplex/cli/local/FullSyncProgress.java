package dev.duplex.cli.local;

import dev.duplex.core.store.TableProgress;
import java.util.List;
import java.util.Optional;

/**
 * Full sync's progress over all tables, as status and the progress bar show it.
 *
 * @param rowsEstimated the servers' estimates when the copy began (may be off either way)
 */
public record FullSyncProgress(int tables, int tablesDone, long rowsDone, long rowsEstimated) {

    /** Empty when the task has no full sync progress. */
    public static Optional<FullSyncProgress> of(List<TableProgress> progress) {
        if (progress.isEmpty()) {
            return Optional.empty();
        }
        int done = (int) progress.stream().filter(TableProgress::done).count();
        long rows = progress.stream().mapToLong(TableProgress::rowsDone).sum();
        // A finished table counts with its real size, an unfinished one with at least what is copied.
        long estimate = progress.stream().mapToLong(p -> p.done() ? p.rowsDone()
                : Math.max(p.estimatedRows(), p.rowsDone())).sum();
        return Optional.of(new FullSyncProgress(progress.size(), done, rows, estimate));
    }

    /** 0..1; 1 only once every table is done. */
    public double fraction() {
        if (tablesDone == tables) {
            return 1;
        }
        double f = rowsEstimated <= 0 ? (double) tablesDone / tables : (double) rowsDone / rowsEstimated;
        return Math.min(0.99, f);
    }

    /** {@code [#########-----------]} of {@code width} cells. */
    public String bar(int width) {
        int filled = (int) Math.round(fraction() * width);
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
    }

    /** {@code full sync [#####---------------]  25%  1/4 tables  250,000 of ~1,000,000 rows}. */
    public String line() {
        return String.format("full sync %s %3d%%  %d/%d tables  %,d of ~%,d rows", bar(20),
                (int) Math.floor(fraction() * 100), tablesDone, tables, rowsDone, rowsEstimated);
    }
}
