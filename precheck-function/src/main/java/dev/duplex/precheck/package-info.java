/** Precheck function: checks a task before it starts. */
package dev.duplex.precheck;
