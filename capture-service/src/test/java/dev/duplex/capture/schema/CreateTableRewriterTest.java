package dev.duplex.capture.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.capture.testing.Configs;
import dev.duplex.core.config.TaskConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreateTableRewriterTest {
    private static final String CUSTOMERS = """
            CREATE TABLE `customers` (
              `id` int(11) NOT NULL AUTO_INCREMENT,
              `name` varchar(50) CHARACTER SET latin1 COLLATE latin1_swedish_ci NOT NULL,
              `email` varchar(80) DEFAULT NULL,
              `region` char(2) NOT NULL DEFAULT 'EU',
              `shout` varchar(60) GENERATED ALWAYS AS (upper(`email`)) VIRTUAL,
              `doc` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`doc`)),
              PRIMARY KEY (`id`),
              UNIQUE KEY `email` (`email`),
              KEY `by_region` (`region`,`name`),
              CONSTRAINT `CONSTRAINT_1` CHECK (`email` like '%@%')
            ) ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci""";

    private static final String ORDERS = """
            CREATE TABLE `orders` (
              `id` bigint(20) unsigned NOT NULL,
              `customer_id` int(11) NOT NULL,
              `product_id` int(11) DEFAULT NULL,
              `total` decimal(10,2) NOT NULL,
              PRIMARY KEY (`id`),
              KEY `customer_id` (`customer_id`),
              CONSTRAINT `fk_customer` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE CASCADE,
              CONSTRAINT `fk_product` FOREIGN KEY (`product_id`) REFERENCES `shop`.`products` (`id`)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci""";

    @Test
    void shouldNameTheTableAsOnNodeBAndKeepOnlyTheSelectedColumnsWithTheirIndexes() {
        var r = new CreateTableRewriter(Configs.shop()).rewrite("crm", "customers", CUSTOMERS, List.of("id"));
        assertEquals("""
                CREATE TABLE `crm_eu`.`clients` (
                  `id` int(11) NOT NULL AUTO_INCREMENT,
                  `name` varchar(50) CHARACTER SET latin1 COLLATE latin1_swedish_ci NOT NULL,
                  `region` char(2) NOT NULL DEFAULT 'EU',
                  PRIMARY KEY (`id`),
                  KEY `by_region` (`region`,`name`)
                ) ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci""", r.statement());
        assertEquals(List.of("email", "shout", "doc"), r.droppedColumns());
    }

    @Test
    void shouldPointForeignKeysAtTheParentsNamesOnNodeBAndLeaveOutUnsynchronizedParents() {
        var r = new CreateTableRewriter(Configs.shop()).rewrite("crm", "orders", ORDERS, List.of("id"));
        assertEquals("""
                CREATE TABLE `crm_eu`.`orders` (
                  `id` bigint(20) unsigned NOT NULL,
                  `customer_id` int(11) NOT NULL,
                  `product_id` int(11) DEFAULT NULL,
                  `total` decimal(10,2) NOT NULL,
                  PRIMARY KEY (`id`),
                  KEY `customer_id` (`customer_id`),
                  CONSTRAINT `fk_customer` FOREIGN KEY (`customer_id`) REFERENCES `clients` (`id`) ON DELETE CASCADE,
                  CONSTRAINT `fk_product` FOREIGN KEY (`product_id`) REFERENCES `shop`.`products` (`id`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci""", r.statement());
        assertEquals(List.of(), r.skippedForeignKeys());

        TaskConfig onlyOrders = Configs.parse(Configs.yaml("t", "- database: crm\n  tables: [{name: orders}]"));
        var alone = new CreateTableRewriter(onlyOrders).rewrite("crm", "orders", ORDERS, List.of("id"));
        assertEquals(2, alone.skippedForeignKeys().size(), alone.skippedForeignKeys().toString());
        assertEquals(false, alone.statement().contains("FOREIGN KEY"));
        assertEquals(true, alone.statement().contains("  KEY `customer_id` (`customer_id`)\n)"));
    }

    @Test
    void shouldCapitalizeNamesAsConfigured() {
        TaskConfig upper = Configs.parse(Configs.yaml("t", "- database: crm") + "capitalization: uppercase\n");
        var r = new CreateTableRewriter(upper).rewrite("crm", "orders", ORDERS, List.of("id"));
        assertEquals(true, r.statement().startsWith("CREATE TABLE `CRM`.`ORDERS` (\n  `ID` bigint(20) unsigned"),
                r.statement());
        assertEquals(true, r.statement().contains("CONSTRAINT `fk_customer` FOREIGN KEY (`CUSTOMER_ID`) REFERENCES "
                + "`CUSTOMERS` (`ID`)"), r.statement());
        assertEquals(true, r.statement().contains("KEY `customer_id` (`CUSTOMER_ID`)"), r.statement());
    }
}
