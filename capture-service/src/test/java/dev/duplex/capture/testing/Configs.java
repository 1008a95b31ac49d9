package dev.duplex.capture.testing;

import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;

/** Task configurations for tests. */
public final class Configs {
    private Configs() {}

    public static String yaml(String task, String objects) {
        return """
                task: %s
                nodes:
                  a: {host: 127.0.0.1, port: 3306, user: duplex, password: env:DUPLEX_TEST_A}
                  b: {host: 127.0.0.1, port: 3307, user: duplex, password: env:DUPLEX_TEST_B}
                objects:
                %s
                """.formatted(task, objects.indent(2));
    }

    public static TaskConfig parse(String yaml) {
        return TaskConfigLoader.parse(yaml, TaskConfigLoader.Format.YAML);
    }

    /** shop (whole), crm.customers renamed clients with columns/where, crm.orders insert-only; crm is crm_eu on b. */
    public static TaskConfig shop() {
        return parse(yaml("shop", """
                - database: shop
                - database: crm
                  renameTo: crm_eu
                  tables:
                    - name: customers
                      renameTo: clients
                      columns: [id, name, region]
                      where: "region = 'EU'"
                    - name: orders
                      operations: [insert]
                """));
    }
}
