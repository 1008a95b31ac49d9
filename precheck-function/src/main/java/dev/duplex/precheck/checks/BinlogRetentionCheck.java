package dev.duplex.precheck.checks;

import dev.duplex.core.config.SyncType;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.facts.ServerFacts;

import java.util.List;
import java.util.OptionalLong;

/**
 * Each node keeps its binlog long enough for capture to catch up after an outage: 7 days on node
 * a when full synchronization is selected (the copy can take long and capture resumes from its
 * start), 24 hours otherwise (reference). Under 24 hours fails; between 24 hours and the 7 days
 * full synchronization asks for warns.
 */
final class BinlogRetentionCheck extends NodeCheck {

    static final long DAY = 86_400;
    static final long WEEK = 7 * DAY;

    @Override
    public String id() {
        return "binlog-retention";
    }

    @Override
    List<CheckItem> check(PrecheckContext context, NodeProbe node) {
        long required = "a".equals(node.id()) && context.syncs(SyncType.FULL) ? WEEK : DAY;
        return List.of(item(id() + "." + node.id(), node.id(), node.facts(), required));
    }

    static CheckItem item(String itemId, String node, ServerFacts f, long requiredSeconds) {
        String expected = "binlog kept for at least " + human(requiredSeconds)
                + (requiredSeconds == WEEK ? " (full synchronization is selected)" : "");
        OptionalLong rds = f.rdsRetentionHours();
        long seconds;
        String found;
        String fix;
        if (rds.isPresent()) {
            seconds = rds.getAsLong() < 0 ? 0 : rds.getAsLong() * 3600;
            found = "RDS binlog retention hours=" + (rds.getAsLong() < 0 ? "NULL (purged as soon as possible)"
                    : rds.getAsLong());
            fix = "CALL mysql.rds_set_configuration('binlog retention hours', " + requiredSeconds / 3600 + ");";
            if (rds.getAsLong() < 0) {
                return CheckItem.fail(itemId, node, found, expected, fix);
            }
        } else {
            seconds = expirySeconds(f);
            found = expiryText(f, seconds);
            fix = f.variable("binlog_expire_logs_seconds").isPresent()
                    ? Fixes.setGlobal("binlog_expire_logs_seconds", Long.toString(requiredSeconds))
                    : Fixes.setGlobal("expire_logs_days", Long.toString(requiredSeconds / DAY));
            if (seconds == 0) {
                return CheckItem.pass(itemId, node, found, expected);
            }
        }
        if (seconds >= requiredSeconds) {
            return CheckItem.pass(itemId, node, found, expected);
        }
        if (seconds < DAY) {
            return CheckItem.fail(itemId, node, found, expected, fix);
        }
        return CheckItem.warn(itemId, node, found + ": if capture stops for longer, or full synchronization takes"
                + " longer, the binlog it needs is purged and the task must be synchronized again", expected,
                fix + "; after full synchronization has finished, 24 hours are enough");
    }

    /**
     * Seconds after which binlogs are purged, 0 for never. binlog_expire_logs_seconds wins over
     * expire_logs_days when set (MySQL 8.0); on MariaDB 10.6+ the two are the same setting.
     */
    static long expirySeconds(ServerFacts f) {
        if (f.variable("binlog_expire_logs_auto_purge").map(v -> !ServerFacts.truthy(v)).orElse(false)) {
            return 0;
        }
        long seconds = f.variable("binlog_expire_logs_seconds").map(BinlogRetentionCheck::number).orElse(0.0).longValue();
        if (seconds > 0) {
            return seconds;
        }
        return (long) (f.variable("expire_logs_days").map(BinlogRetentionCheck::number).orElse(0.0) * DAY);
    }

    private static String expiryText(ServerFacts f, long seconds) {
        String vars = f.variable("binlog_expire_logs_seconds").map(v -> "binlog_expire_logs_seconds=" + v + ", ")
                .orElse("") + "expire_logs_days=" + f.variable("expire_logs_days").orElse("(absent)");
        return vars + (seconds == 0 ? " (binlogs never expire; watch the disk)" : " (" + human(seconds) + ")");
    }

    private static double number(String v) {
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String human(long seconds) {
        if (seconds % DAY == 0) {
            return seconds / DAY + (seconds == DAY ? " day" : " days");
        }
        return seconds % 3600 == 0 ? seconds / 3600 + " hours" : seconds + " seconds";
    }
}
