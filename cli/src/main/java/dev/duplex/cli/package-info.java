/** The duplex command. */
package dev.duplex.cli;
