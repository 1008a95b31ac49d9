package dev.duplex.core.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/** A valid configuration to start each test from, and assertions on reported problems. */
final class ConfigTestSupport {

    static final String VALID = """
            task: shop-sync
            nodes:
              a: {host: 127.0.0.1, port: 3306, user: duplex, password: env:DUPLEX_A_PASSWORD, tls: preferred}
              b: {host: 127.0.0.1, port: 3307, user: duplex, password: env:DUPLEX_B_PASSWORD}
            sync:
              types: [schema, full, incremental]
              ddl: true
              conflictingTables: precheck-and-report
              conflictPolicy: task-failed
            objects:
              - database: shop
              - database: crm
                tables:
                  - name: customers
                    renameTo: clients
                    columns: [id, name, email, region]
                    where: "region = 'EU'"
                    operations: [insert, update, delete]
                    conflictPolicy: overwrite
                  - name: orders
            retryWindowMinutes: 720
            """;

    private ConfigTestSupport() {}

    static TaskConfig parse(String yaml) {
        return TaskConfigLoader.parse(yaml, TaskConfigLoader.Format.YAML);
    }

    /** VALID with {@code from} replaced by {@code to}; fails if {@code from} is not there. */
    static String valid(String from, String to) {
        if (!VALID.contains(from)) {
            fail("test setup: '" + from + "' is not in the valid configuration");
        }
        return VALID.replace(from, to);
    }

    static List<ConfigProblem> problems(String yaml) {
        return assertThrows(InvalidConfigException.class, () -> parse(yaml)).problems();
    }

    static List<ConfigProblem> problemsJson(String json) {
        return assertThrows(InvalidConfigException.class,
                () -> TaskConfigLoader.parse(json, TaskConfigLoader.Format.JSON)).problems();
    }

    /** Asserts a problem at exactly {@code path} whose message contains {@code fragment}. */
    static ConfigProblem assertProblem(List<ConfigProblem> problems, String path, String fragment) {
        for (ConfigProblem p : problems) {
            if (p.path().equals(path) && p.message().contains(fragment)) {
                return p;
            }
        }
        fail("no problem at " + path + " containing '" + fragment + "' in " + problems);
        return null;
    }

    static ConfigProblem assertOnlyProblem(String yaml, String path, String fragment) {
        List<ConfigProblem> problems = problems(yaml);
        assertTrue(problems.size() == 1, "expected one problem, got " + problems);
        return assertProblem(problems, path, fragment);
    }
}
