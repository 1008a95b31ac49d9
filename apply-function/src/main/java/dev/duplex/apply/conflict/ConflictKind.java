package dev.duplex.apply.conflict;

/** What the apply side found on the target instead of what the change expected. */
public enum ConflictKind {
    /** An INSERT (or an UPDATE's new values) hit an existing primary or unique key. */
    INSERT_DUPLICATE,
    /** An UPDATE found no row by its before-image key; it may become an INSERT. */
    UPDATE_MISSING,
    /** A DELETE found no row: always ignored, still recorded. */
    DELETE_MISSING,
    /**
     * Strict mode: an UPDATE found its row, but the row differs from the before-image. Under
     * last-writer-wins: the row's version is not the one the source changed (a concurrent write).
     */
    UPDATE_MISMATCH,
    /** Last-writer-wins: a DELETE found its row written again after the delete's time; the row stays. */
    DELETE_MISMATCH,
    /** Last-writer-wins: an INSERT or UPDATE met the key's tombstone, a delete not older than it. */
    DELETED_ON_TARGET
}
