package dev.duplex.cli.demo;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The demo's shop: customers, products and orders, with seed rows. The demo creates it on node a
 * only and lets schema and full sync bring it to node b; tests of incremental sync alone create
 * it on both nodes.
 */
public final class DemoSchema {
    public static final int CUSTOMERS = 200;
    public static final int PRODUCTS = 50;

    private DemoSchema() {}

    public static void create(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS shop CHARACTER SET utf8mb4");
            st.execute("""
                    CREATE TABLE shop.customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL,
                      email VARCHAR(200) NOT NULL, region CHAR(2) NOT NULL, visits INT NOT NULL DEFAULT 0,
                      updated_at DATETIME(6) NOT NULL)""");
            st.execute("""
                    CREATE TABLE shop.products (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL,
                      price DECIMAL(10,2) NOT NULL, stock INT UNSIGNED NOT NULL)""");
            st.execute("""
                    CREATE TABLE shop.orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL,
                      product_id INT NOT NULL, qty SMALLINT NOT NULL, total DECIMAL(12,2) NOT NULL,
                      note VARCHAR(200) NULL, created_at DATETIME(6) NOT NULL, KEY (customer_id))""");
        }
        seed(c);
    }

    private static void seed(Connection c) throws SQLException {
        try (PreparedStatement cu = c.prepareStatement(
                "INSERT INTO shop.customers VALUES (?, ?, ?, ?, 0, '2026-01-01 00:00:00')");
             PreparedStatement pr = c.prepareStatement("INSERT INTO shop.products VALUES (?, ?, ?, 1000)")) {
            for (int i = 1; i <= CUSTOMERS; i++) {
                cu.setLong(1, i);
                cu.setString(2, "Customer " + i);
                cu.setString(3, "c" + i + "@example.com");
                cu.setString(4, i % 3 == 0 ? "EU" : i % 3 == 1 ? "US" : "AP");
                cu.addBatch();
            }
            cu.executeBatch();
            for (int i = 1; i <= PRODUCTS; i++) {
                pr.setInt(1, i);
                pr.setString(2, "Product " + i);
                pr.setBigDecimal(3, new BigDecimal(i + ".99"));
                pr.addBatch();
            }
            pr.executeBatch();
        }
    }
}
