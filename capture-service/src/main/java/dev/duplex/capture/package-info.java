/** Capture service: binlog reader, transaction assembler, batcher, publisher. */
package dev.duplex.capture;
