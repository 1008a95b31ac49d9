package dev.duplex.apply;

import dev.duplex.apply.conflict.Conflict;
import java.util.List;

/**
 * Runs just before each commit of applied work, with the conflicts that commit makes final.
 * Recording them here, inside the attempt, means a failed record write rolls the message back
 * and it is retried, instead of committing a conflict nobody can see.
 */
@FunctionalInterface
public interface PreCommit {
    PreCommit NONE = conflicts -> { };

    void beforeCommit(List<Conflict> conflicts);
}
