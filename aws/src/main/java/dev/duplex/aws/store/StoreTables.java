package dev.duplex.aws.store;

import java.util.List;
import java.util.Objects;

/**
 * Names of Duplex's DynamoDB tables. Checkpoints and leases share one table so that a
 * checkpoint write and its lease check go in one DynamoDB transaction.
 */
public record StoreTables(String tasks, String checkpoints, String status, String conflicts) {

    public static final String DEFAULT_PREFIX = "duplex-";

    public StoreTables {
        for (String name : List.of(tasks, checkpoints, status, conflicts)) {
            Objects.requireNonNull(name, "table name");
            if (!name.matches("[A-Za-z0-9_.-]{3,255}")) {
                throw new IllegalArgumentException("DynamoDB table name '" + name
                        + "' is invalid: use 3 to 255 characters of letters, digits, '_', '-' and '.'");
            }
        }
    }

    public static StoreTables withPrefix(String prefix) {
        return new StoreTables(prefix + "tasks", prefix + "checkpoints", prefix + "status", prefix + "conflicts");
    }

    public static StoreTables defaults() {
        return withPrefix(DEFAULT_PREFIX);
    }

    public List<String> all() {
        return List.of(tasks, checkpoints, status, conflicts);
    }
}
