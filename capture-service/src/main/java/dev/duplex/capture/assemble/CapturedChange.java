package dev.duplex.capture.assemble;

/** One part of a captured transaction, still in the binlog's raw form. */
public sealed interface CapturedChange permits CapturedRows, CapturedStatement {}
