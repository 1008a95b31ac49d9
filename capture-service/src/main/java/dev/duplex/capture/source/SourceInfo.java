package dev.duplex.capture.source;

/**
 * What capture learned about its source at start.
 *
 * @param serverIdentity server_uuid on MySQL; server_id, gtid_domain_id and hostname on MariaDB.
 *                       A checkpoint taken on another identity is not resumed.
 * @param rowMetadataFull binlog_row_metadata=FULL: table maps describe the columns completely
 */
public record SourceInfo(boolean mariaDb, String version, String serverIdentity, boolean rowMetadataFull) {}
