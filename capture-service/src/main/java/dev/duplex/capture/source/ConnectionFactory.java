package dev.duplex.capture.source;

import java.sql.Connection;

/** Opens a JDBC connection to the source node (in production: {@code NodeConnections::open}). */
@FunctionalInterface
public interface ConnectionFactory {
    Connection open();
}
