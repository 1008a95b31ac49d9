/** Real database servers and embedded AWS services for tests, demo and bench. */
package dev.duplex.sandbox;
