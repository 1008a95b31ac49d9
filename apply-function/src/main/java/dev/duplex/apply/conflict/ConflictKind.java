package dev.duplex.apply.conflict;

/** What the apply side found on the target instead of what the change expected. */
public enum ConflictKind {
    /** An INSERT (or an UPDATE's new values) hit an existing primary or unique key. */
    INSERT_DUPLICATE,
    /** An UPDATE found no row by its before-image key; it may become an INSERT. */
    UPDATE_MISSING,
    /** A DELETE found no row: always ignored, still recorded. */
    DELETE_MISSING,
    /** Strict mode: an UPDATE found its row, but the row differs from the before-image. */
    UPDATE_MISMATCH
}
