package dev.duplex.core.sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Duplex's own bookkeeping schema, present on both nodes. It is never synchronized as data:
 * a row change on {@link #APPLY_CHECKPOINT} or {@link #APPLY_LANE} marks a transaction Duplex
 * applied (loop prevention), so does one on {@link #SNAPSHOT_PROGRESS} (a full-sync chunk the
 * forward capture wrote to node b, with its progress in the same transaction) or on
 * {@link #SNAPSHOT_WRITER} (the same chunk's first row, so that node b's capture passes the rows
 * after it by undecoded), {@link #HEARTBEAT}
 * rows carry each capture's heartbeat, {@link #LWW_PARKED} holds
 * last-writer-wins rows set aside by a unique-key collision, {@link #DEFERRED_INDEX} holds the
 * definitions of node b's secondary indexes a direct full sync dropped until its copy ends
 * ({@link DeferredIndexes}; capture never publishes its rows, as any duplex table but the
 * heartbeat and repair tables), and {@code tomb_*} tables hold last-writer-wins tombstones
 * ({@link LwwObjects}).
 */
public final class DuplexSchema {
    public static final String SCHEMA = "duplex";
    public static final String APPLY_CHECKPOINT = "apply_checkpoint";
    /** Parallel apply's record of what each lane committed ({@link ApplyLanes}). */
    public static final String APPLY_LANE = "apply_lane";
    public static final String HEARTBEAT = "heartbeat";
    public static final String LWW_PARKED = "lww_parked";
    public static final String SNAPSHOT_PROGRESS = "snapshot_progress";
    /** A direct full sync's mark at the start of each chunk's transaction, one row per writer. */
    public static final String SNAPSHOT_WRITER = "snapshot_writer";
    /** Node b's secondary indexes a direct full sync dropped, to add back when the table is copied. */
    public static final String DEFERRED_INDEX = "deferred_index";

    private DuplexSchema() {}

    /**
     * The name of a duplex-schema table Duplex keeps for one user table ({@code tomb_}, {@code repair_}):
     * the prefix, the table's name made safe and cut to 40 characters, and a hash of database and
     * table, so that it fits MySQL's 64 characters and two tables never share one.
     */
    public static String perTable(String prefix, String database, String table) {
        return prefix + readable(table, 40) + "_" + shortHash(database + "\0" + table);
    }

    /** {@code name} with anything but letters, digits and '_' made '_', cut to {@code max} characters. */
    static String readable(String name, int max) {
        String safe = name.replaceAll("[^A-Za-z0-9_]", "_");
        return safe.substring(0, Math.min(max, safe.length()));
    }

    /** Ten hex digits of the SHA-256 of {@code text}, ignoring case (as MySQL names may). */
    static String shortHash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(
                    text.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

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
                  `chain` VARCHAR(32) NOT NULL DEFAULT '' COMMENT 'Batch.Chain id of the last applied message',
                  `source_id` VARCHAR(255) NOT NULL DEFAULT '' COMMENT 'source server identity applied from',
                  `retired_chains` VARCHAR(255) NOT NULL DEFAULT '' COMMENT 'chains ended by duplex task recover',
                  PRIMARY KEY (`task`, `direction`, `grp`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""",
                """
                CREATE TABLE IF NOT EXISTS `duplex`.`apply_lane` (
                  `task` VARCHAR(40) NOT NULL,
                  `direction` CHAR(3) NOT NULL,
                  `grp` VARCHAR(64) NOT NULL,
                  `lane` SMALLINT UNSIGNED NOT NULL,
                  `unit_last` CHAR(37) NOT NULL COMMENT 'seq of the last transaction of the unit the lane last committed in',
                  `applied` MEDIUMTEXT NOT NULL COMMENT 'the seqs the lane committed in that unit (ApplyLanes)',
                  `applied_at` DATETIME(6) NOT NULL,
                  PRIMARY KEY (`task`, `direction`, `grp`, `lane`)
                ) ENGINE=InnoDB DEFAULT CHARSET=ascii COMMENT='parallel apply: what each lane committed'""",
                """
                CREATE TABLE IF NOT EXISTS `duplex`.`lww_parked` (
                  `db` VARCHAR(64) NOT NULL,
                  `tbl` VARCHAR(64) NOT NULL,
                  `pk_hash` BINARY(32) NOT NULL COMMENT 'SHA-256 of the key image',
                  `version` DATETIME(6) NOT NULL,
                  `key_columns` TEXT NOT NULL,
                  `image` LONGTEXT NOT NULL COMMENT 'the whole row, core/wire ImageJson',
                  PRIMARY KEY (`db`, `tbl`, `pk_hash`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='last-writer-wins rows set aside by a unique-key collision'""",
                """
                CREATE TABLE IF NOT EXISTS `duplex`.`snapshot_progress` (
                  `task` VARCHAR(40) NOT NULL,
                  `snapshot` CHAR(37) NOT NULL COMMENT 'Seq.text() of the snapshot start: one full sync of the task',
                  `db` VARCHAR(64) NOT NULL COMMENT 'node a database',
                  `tbl` VARCHAR(64) NOT NULL COMMENT 'node a table',
                  `chunks` BIGINT NOT NULL COMMENT 'chunks written, in key order',
                  `rows_done` BIGINT NOT NULL COMMENT 'rows read from node a up to last_key',
                  `last_key` LONGTEXT NOT NULL COMMENT 'key of the last row copied, core/wire ImageJson',
                  `done` TINYINT NOT NULL,
                  `updated_at` DATETIME(6) NOT NULL,
                  PRIMARY KEY (`task`, `snapshot`, `db`, `tbl`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='full sync written directly: progress committed with each chunk'""",
                """
                CREATE TABLE IF NOT EXISTS `duplex`.`snapshot_writer` (
                  `task` VARCHAR(40) NOT NULL,
                  `writer` SMALLINT UNSIGNED NOT NULL COMMENT 'the writer thread of the copy',
                  `chunks` BIGINT NOT NULL COMMENT 'chunk transactions the writer committed',
                  PRIMARY KEY (`task`, `writer`)
                ) ENGINE=InnoDB DEFAULT CHARSET=ascii COMMENT='full sync written directly: the first row of each chunk'""",
                """
                CREATE TABLE IF NOT EXISTS `duplex`.`deferred_index` (
                  `task` VARCHAR(40) NOT NULL,
                  `snapshot` CHAR(37) NOT NULL COMMENT 'Seq.text() of the snapshot start, as in snapshot_progress',
                  `db` VARCHAR(64) NOT NULL COMMENT 'node b database',
                  `tbl` VARCHAR(64) NOT NULL COMMENT 'node b table',
                  `name` VARCHAR(64) NOT NULL COMMENT 'index name',
                  `seq` INT NOT NULL COMMENT 'place among the table''s KEY lines, kept when added back',
                  `definition` TEXT NOT NULL COMMENT 'the index''s KEY line of SHOW CREATE TABLE',
                  `dropped_at` DATETIME(6) NOT NULL,
                  PRIMARY KEY (`task`, `snapshot`, `db`, `tbl`, `name`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='full sync: secondary indexes dropped until the copy ends'""",
                """
                CREATE TABLE IF NOT EXISTS `duplex`.`heartbeat` (
                  `task` VARCHAR(40) NOT NULL,
                  `node` VARCHAR(8) NOT NULL,
                  `ts` DATETIME(6) NOT NULL,
                  PRIMARY KEY (`task`, `node`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");
    }

    /** Columns added to apply_checkpoint after its first version, with their definitions. */
    private static final Map<String, String> ADDED_COLUMNS = new LinkedHashMap<>(Map.of(
            "chain", "VARCHAR(32) NOT NULL DEFAULT ''",
            "source_id", "VARCHAR(255) NOT NULL DEFAULT ''",
            "retired_chains", "VARCHAR(255) NOT NULL DEFAULT ''"));

    /**
     * Creates the schema and its tables if missing and adds the columns an older Duplex did not
     * create (idempotent; MySQL has no ADD COLUMN IF NOT EXISTS, so information_schema decides).
     */
    public static void create(Statement st) throws SQLException {
        for (String ddl : createStatements()) {
            st.execute(ddl);
        }
        Set<String> present = new HashSet<>();
        try (ResultSet rs = st.executeQuery("SELECT LOWER(COLUMN_NAME) FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = 'duplex' AND TABLE_NAME = 'apply_checkpoint'")) {
            while (rs.next()) {
                present.add(rs.getString(1));
            }
        }
        for (var column : ADDED_COLUMNS.entrySet()) {
            if (!present.contains(column.getKey())) {
                st.execute("ALTER TABLE `duplex`.`apply_checkpoint` ADD COLUMN `" + column.getKey() + "` "
                        + column.getValue());
            }
        }
    }

    public static boolean isDuplexSchema(String database) {
        return SCHEMA.equalsIgnoreCase(database);
    }

    public static boolean isApplyMarker(String database, String table) {
        return isDuplexSchema(database) && (APPLY_CHECKPOINT.equalsIgnoreCase(table)
                || APPLY_LANE.equalsIgnoreCase(table) || SNAPSHOT_PROGRESS.equalsIgnoreCase(table)
                || SNAPSHOT_WRITER.equalsIgnoreCase(table));
    }

    public static boolean isHeartbeat(String database, String table) {
        return isDuplexSchema(database) && HEARTBEAT.equalsIgnoreCase(table);
    }
}
