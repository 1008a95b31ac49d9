package dev.duplex.core.sql;

import java.util.List;

/**
 * Duplex's own bookkeeping schema, present on both nodes. It is never synchronized as data:
 * a row change on {@link #APPLY_CHECKPOINT} marks a transaction Duplex applied (loop
 * prevention), and {@link #HEARTBEAT} rows carry each capture's heartbeat.
 */
public final class DuplexSchema {
    public static final String SCHEMA = "duplex";
    public static final String APPLY_CHECKPOINT = "apply_checkpoint";
    public static final String HEARTBEAT = "heartbeat";

    private DuplexSchema() {}

    /** Idempotent statements that create the schema and its tables. */
    public static List<String> createStatements() {
        return List.of(
                "CREATE DATABASE IF NOT EXISTS `duplex` CHARACTER SET utf8mb4",
                """
                CREATE TABLE IF NOT EXISTS `duplex`.`apply_checkpoint` (
                  `task` VARCHAR(40) NOT NULL,
                  `direction` CHAR(3) NOT NULL,
                  `grp` VARCHAR(64) NOT NULL,
                  `seq` CHAR(37) NOT NULL COMMENT 'Seq.text(): fixed width, string order = seq order',
                  `source_file` VARCHAR(255) NOT NULL DEFAULT '',
                  `source_pos` BIGINT UNSIGNED NOT NULL DEFAULT 0,
                  `source_gtid` TEXT NULL,
                  `applied_at` DATETIME(6) NOT NULL,
                  PRIMARY KEY (`task`, `direction`, `grp`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""",
                """
                CREATE TABLE IF NOT EXISTS `duplex`.`heartbeat` (
                  `task` VARCHAR(40) NOT NULL,
                  `node` VARCHAR(8) NOT NULL,
                  `ts` DATETIME(6) NOT NULL,
                  PRIMARY KEY (`task`, `node`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");
    }

    public static boolean isDuplexSchema(String database) {
        return SCHEMA.equalsIgnoreCase(database);
    }

    public static boolean isApplyMarker(String database, String table) {
        return isDuplexSchema(database) && APPLY_CHECKPOINT.equalsIgnoreCase(table);
    }

    public static boolean isHeartbeat(String database, String table) {
        return isDuplexSchema(database) && HEARTBEAT.equalsIgnoreCase(table);
    }
}
