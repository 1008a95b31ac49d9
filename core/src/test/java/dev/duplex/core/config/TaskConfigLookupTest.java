package dev.duplex.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.filter.Dialect;
import dev.duplex.core.filter.WhereFilter;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Op;
import dev.duplex.core.model.Value;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskConfigLookupTest {

    private static final String CONFIG = """
            task: lookups
            nodes:
              a: {host: db-a, user: duplex, password: env:A}
              b: {host: db-b, user: duplex, password: "file:/run/secrets/b"}
            sync: {conflictPolicy: ignore}
            objects:
              - database: Shop
              - database: crm
                renameTo: CRM_EU
                operations: [insert, update]
                conflictPolicy: task-failed
                tables:
                  - name: Customers
                    renameTo: Clients
                    columns: [id, Name, region, updated_at]
                    where: "region = 'EU'"
                    conflictPolicy: overwrite
                    useMax: updated_at
                  - name: Orders
                    operations: [insert, update, delete]
                    useMin: id
                  - notes
            capitalization: lowercase
            onlineDdl: {tool: gh-ost}
            """;

    private final TaskConfig config = ConfigTestSupport.parse(CONFIG);

    @Test
    void shouldApplyDefaults() {
        assertEquals(3306, config.a().port());
        assertEquals(TlsMode.REQUIRED, config.a().tls(), "db-a is not this machine: TLS without plain-text fallback");
        assertEquals(new SecretRef.Env("A"), config.a().password());
        assertEquals(new SecretRef.File(Path.of("/run/secrets/b")), config.b().password());
        assertEquals(SyncConfig.DEFAULT_TYPES, config.sync().types());
        assertTrue(config.sync().ddl());
        assertFalse(config.sync().strictConflicts());
        assertEquals(ConflictingTablesMode.PRECHECK_AND_REPORT, config.sync().conflictingTables());
        assertEquals(720, config.retryWindowMinutes());
        assertEquals(1, config.heartbeatSeconds());
        assertEquals(Partitioning.TRANSACTION, config.partitioning());
        assertEquals(Alerts.defaults(), config.alerts());
        assertEquals(OnlineDdl.GH_OST_PATTERNS, config.onlineDdl().shadowTablePatterns());
    }

    @Test
    void shouldReadTheDdlFailureAlertThresholdOneByDefaultZeroForOff() {
        assertEquals(1, config.alerts().ddlFailuresPerHour(), "any refused DDL alerts by default");
        assertEquals(0, ConfigTestSupport.parse(ConfigTestSupport.VALID + "alerts: {ddlFailuresPerHour: 0}\n").alerts()
                .ddlFailuresPerHour());
        assertEquals(new Alerts(true, 30, true, 1, 1, 5),
                ConfigTestSupport.parse(ConfigTestSupport.VALID + "alerts: {ddlFailuresPerHour: 5}\n").alerts());
    }

    @Test
    void shouldSelectEveryTableOfAWholeDatabase() {
        TableSelection t = config.selectionFor("Shop", "anything");
        assertNotNull(t);
        assertTrue(t.allColumns());
        assertTrue(t.where().isAll());
        assertEquals(DatabaseSelection.ALL_OPERATIONS, config.operationsFor("Shop", "anything"));
    }

    @Test
    void shouldNotSelectUnlistedTablesDatabasesReservedSchemasOrShadowTables() {
        assertNull(config.selectionFor("crm", "invoices"));
        assertNull(config.selectionFor("other", "t"));
        assertNull(config.selectionFor("duplex", "apply_checkpoint"));
        assertNull(config.selectionFor("Shop", "_orders_gho"));
        assertNull(config.selectionFor("Shop", "_orders_ghc"));
        assertNotNull(config.selectionFor("Shop", "orders_gho"));
        assertEquals(Set.of(), config.operationsFor("crm", "invoices"));
    }

    @Test
    void shouldUseExplicitRenamesVerbatimAndCapitalizeEverythingElse() {
        assertEquals("CRM_EU", config.targetDatabaseName("crm"));
        assertEquals("Clients", config.targetTableName("crm", "Customers"));
        assertEquals("orders", config.targetTableName("crm", "Orders"));
        assertEquals("shop", config.targetDatabaseName("Shop"));
        assertEquals("products", config.targetTableName("Shop", "Products"));
        assertEquals("name", config.targetColumnName("crm", "Customers", "Name"));
        assertEquals("unselected", config.targetDatabaseName("Unselected"));
    }

    @Test
    void shouldMapNamesBackInTheReverseDirection() {
        assertEquals("crm", config.targetDatabaseName(Direction.B2A, "CRM_EU"));
        assertEquals("Customers", config.targetTableName(Direction.B2A, "CRM_EU", "Clients"));
        assertEquals("Orders", config.targetTableName(Direction.B2A, "crm_eu", "orders"));
        assertEquals("Name", config.targetColumnName(Direction.B2A, "CRM_EU", "Clients", "name"));
        assertEquals("Shop", config.targetDatabaseName(Direction.B2A, "shop"));
        assertEquals("products", config.targetTableName(Direction.B2A, "shop", "products"));
        assertEquals("Customers", config.selectionFor(Direction.B2A, "CRM_EU", "clients").name());
        assertNull(config.selectionFor(Direction.B2A, "crm", "Customers"));
        assertEquals("Clients", config.targetTableName(Direction.A2B, "crm", "Customers"));
    }

    @Test
    void shouldOverridePolicyPerTableThenPerDatabase() {
        assertEquals(ConflictPolicy.OVERWRITE, config.conflictPolicyFor("crm", "Customers"));
        assertEquals(ConflictPolicy.TASK_FAILED, config.conflictPolicyFor("crm", "Orders"));
        assertEquals(ConflictPolicy.IGNORE, config.conflictPolicyFor("Shop", "products"));
    }

    @Test
    void shouldResolveConflictsByColumnRulesWithPolicyFallback() {
        assertEquals(new ConflictResolution.UseMax("updated_at", ConflictPolicy.OVERWRITE),
                config.conflictResolutionFor("crm", "Customers"));
        assertEquals(new ConflictResolution.UseMin("id", ConflictPolicy.TASK_FAILED),
                config.conflictResolutionFor("crm", "Orders"));
        assertEquals(new ConflictResolution.ByPolicy(ConflictPolicy.IGNORE),
                config.conflictResolutionFor("Shop", "products"));
    }

    @Test
    void shouldInheritOperationsFromTheDatabase() {
        assertEquals(Set.of(Op.INSERT, Op.UPDATE), config.operationsFor("crm", "Customers"));
        assertEquals(Set.of(Op.INSERT, Op.UPDATE, Op.DELETE), config.operationsFor("crm", "Orders"));
        assertEquals(Set.of(Op.INSERT, Op.UPDATE), config.operationsFor("crm", "notes"));
    }

    @Test
    void shouldExposeColumnsAndFilter() {
        assertEquals(List.of("id", "Name", "region", "updated_at"), config.columnsFor("crm", "Customers"));
        assertTrue(config.selectionFor("crm", "Customers").selectsColumn("NAME"));
        assertFalse(config.selectionFor("crm", "Customers").selectsColumn("email"));
        assertEquals(List.of(), config.columnsFor("crm", "Orders"));
        WhereFilter where = config.whereFor("crm", "Customers");
        assertTrue(where.matches(Map.of("region", new Value.Text("eu")), Dialect.MARIADB));
        assertTrue(config.whereFor("crm", "Orders").isAll());
    }

    @Test
    void shouldSynchronizeDdlForwardOnly() {
        assertTrue(config.ddlFor(Direction.A2B));
        assertFalse(config.ddlFor(Direction.B2A));
    }

    @Test
    void shouldKeepNamesAsSourceByDefault() {
        TaskConfig c = ConfigTestSupport.parse(ConfigTestSupport.VALID);
        assertEquals("crm", c.targetDatabaseName("crm"));
        assertEquals("clients", c.targetTableName("crm", "customers"));
        assertEquals("Orders", c.targetTableName("crm", "Orders"));
        assertEquals(ConflictPolicy.OVERWRITE, c.conflictPolicyFor("crm", "customers"));
        assertEquals(ConflictPolicy.TASK_FAILED, c.conflictPolicyFor("crm", "orders"));
    }

    @Test
    void shouldUppercaseWhenAsked() {
        TaskConfig c = ConfigTestSupport.parse(ConfigTestSupport.VALID + "capitalization: uppercase\n");
        assertEquals("CRM", c.targetDatabaseName("crm"));
        assertEquals("ORDERS", c.targetTableName("crm", "orders"));
        assertEquals("clients", c.targetTableName("crm", "customers"));
        assertEquals("EMAIL", c.targetColumnName("crm", "customers", "email"));
    }

    @Test
    void shouldAcceptNamesAsShorthandForWholeDatabasesAndTables() {
        TaskConfig c = ConfigTestSupport.parse(ConfigTestSupport.VALID.replace("  - database: shop\n", "  - shop\n"));
        assertTrue(c.objects().database("shop").isWholeDatabase());
        assertTrue(c.selectionFor("crm", "orders").allColumns());
    }

    @Test
    void shouldPrintNodesWithoutSecrets() {
        assertTrue(config.a().toString().contains("env:A") || config.a().toString().contains("name=A"));
        assertEquals("****", new SecretValue("hunter2").toString());
    }
}
