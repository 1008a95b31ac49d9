package dev.duplex.apply.parallel;

/**
 * Where {@link KeyTokens} registers what a transaction touches: a segment's
 * {@link DependencyGraph}, or the {@link TxKeys} of one transaction, recorded once and replayed.
 */
interface KeyRegistry {

    /** Transaction {@code tx} touches {@code group} (a table, or a key of one). */
    void member(String group, int tx);

    /** Transaction {@code tx} touches the key value {@code token} (unique within its group). */
    void token(String token, int tx);

    /** Everything that touched {@code group} depends on everything else that did. */
    void wildcard(String group);
}
