package dev.duplex.core.model;

import java.util.Objects;

/**
 * Where a capture resumes to re-send what its target may lack: a transaction boundary of the
 * source's binlog and the chain the messages from there continue. Read from the target's apply
 * checkpoint (the last thing it applied) or given by hand as a bare position.
 *
 * @param position where reading starts
 * @param lastSeq  seq of the last transaction before {@code position} the target applied, the
 *                 predecessor of the first message sent from here; {@link Seq#ZERO} for none
 * @param chain    the chain to continue; empty: start a new one
 * @param source   the source server identity the target applied from; empty when unknown
 */
public record ResumePoint(BinlogPosition position, Seq lastSeq, String chain, String source) {
    public ResumePoint {
        Objects.requireNonNull(position, "position");
        lastSeq = lastSeq == null ? Seq.ZERO : lastSeq;
        chain = chain == null ? "" : chain;
        source = source == null ? "" : source;
    }

    /** A bare position given by hand (or recorded at a full sync's start): a new chain starts there. */
    public static ResumePoint at(BinlogPosition position) {
        return new ResumePoint(position, Seq.ZERO, "", "");
    }
}
