/** Apply function: applies change batches to the target database. */
package dev.duplex.apply;
