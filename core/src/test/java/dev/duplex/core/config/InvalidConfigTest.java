package dev.duplex.core.config;

import static dev.duplex.core.config.ConfigTestSupport.VALID;
import static dev.duplex.core.config.ConfigTestSupport.assertOnlyProblem;
import static dev.duplex.core.config.ConfigTestSupport.assertProblem;
import static dev.duplex.core.config.ConfigTestSupport.problems;
import static dev.duplex.core.config.ConfigTestSupport.problemsJson;
import static dev.duplex.core.config.ConfigTestSupport.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class InvalidConfigTest {

    @Test
    void shouldAcceptTheBaseConfiguration() {
        assertEquals("shop-sync", ConfigTestSupport.parse(VALID).task());
    }

    @Test
    void shouldRejectLiteralPassword() {
        ConfigProblem p = assertOnlyProblem(valid("password: env:DUPLEX_A_PASSWORD", "password: hunter2secret"),
                "nodes.a.password", "a literal password is not allowed");
        assertTrue(p.fix().contains("password: env:NAME"), p.fix());
    }

    @Test
    void shouldNeverRepeatThePasswordInProblems() {
        InvalidConfigException e = Assertions.assertThrows(InvalidConfigException.class,
                () -> ConfigTestSupport.parse(valid("password: env:DUPLEX_A_PASSWORD", "password: \"vault:hunter2\"")));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertFalse(e.problems().toString().contains("hunter2"));
    }

    @Test
    void shouldNotLeakPasswordFromSyntaxErrors() {
        String json = "{\"task\": \"t\", \"nodes\": {\"a\": {\"password\": hunter2}}}";
        List<ConfigProblem> problems = problemsJson(json);
        assertProblem(problems, "", "not valid JSON at line 1");
        assertFalse(problems.toString().contains("hunter2"), problems.toString());
    }

    @Test
    void shouldRejectRetryWindowOfFiveMinutes() {
        assertOnlyProblem(valid("retryWindowMinutes: 720", "retryWindowMinutes: 5"),
                "retryWindowMinutes", "is 5, outside 10..1440");
    }

    @Test
    void shouldRejectRetryWindowAboveOneDay() {
        assertOnlyProblem(valid("retryWindowMinutes: 720", "retryWindowMinutes: 1441"),
                "retryWindowMinutes", "outside 10..1440");
    }

    @Test
    void shouldRejectTwoTablesRenamedToOneName() {
        assertOnlyProblem(valid("  - name: orders", "  - name: orders\n        renameTo: Clients"),
                "objects[1].tables[1].renameTo", "the same name as the table of objects[1].tables[0]");
    }

    @Test
    void shouldRejectTableRenamedOntoAnotherSelectedTable() {
        assertOnlyProblem(valid("renameTo: clients", "renameTo: orders"),
                "objects[1].tables[1].name", "would be named orders on node b");
    }

    @Test
    void shouldRejectTwoDatabasesRenamedToOneName() {
        assertOnlyProblem(valid("  - database: crm\n", "  - database: crm\n    renameTo: shop\n"),
                "objects[1].renameTo", "the same name as the database of objects[0]");
    }

    @Test
    void shouldRejectSelectingDuplexSchema() {
        ConfigProblem p = assertOnlyProblem(valid("database: shop", "database: duplex"),
                "objects[0].database", "reserved for Duplex's own bookkeeping");
        assertFalse(p.fix().isEmpty());
    }

    @Test
    void shouldRejectSelectingSystemSchema() {
        assertOnlyProblem(valid("database: shop", "database: performance_schema"),
                "objects[0].database", "is a system schema");
    }

    @Test
    void shouldRejectRenamingIntoDuplexSchema() {
        assertOnlyProblem(valid("  - database: crm\n", "  - database: crm\n    renameTo: DUPLEX\n"),
                "objects[1].renameTo", "reserved for Duplex");
    }

    @Test
    void shouldRejectWhereThatDoesNotParse() {
        ConfigProblem p = assertOnlyProblem(valid("where: \"region = 'EU'\"", "where: \"region = 'EU' AND (\""),
                "objects[1].tables[0].where", "the filter does not parse: unexpected end of input at position 20");
        assertTrue(p.fix().contains("region = 'EU'"), p.fix());
    }

    @Test
    void shouldRejectWhereOnColumnNotSelected() {
        assertOnlyProblem(valid("where: \"region = 'EU'\"", "where: \"country = 'NL'\""),
                "objects[1].tables[0].where", "uses column country, which is not among the selected columns");
    }

    @Test
    void shouldRejectUnknownKeyWithSuggestion() {
        ConfigProblem p = assertOnlyProblem(valid("a: {host:", "a: {hots:"), "nodes.a.hots", "unknown key 'hots'");
        assertEquals("did you mean 'host'?", p.fix());
    }

    @Test
    void shouldRejectUnknownTopLevelKeyWithSuggestion() {
        ConfigProblem p = assertOnlyProblem(valid("retryWindowMinutes: 720", "retryWindowMinute: 720"),
                "retryWindowMinute", "unknown key");
        assertEquals("did you mean 'retryWindowMinutes'?", p.fix());
    }

    @Test
    void shouldRejectDatabaseOnNodeWithHint() {
        ConfigProblem p = assertOnlyProblem(valid("user: duplex, password: env:DUPLEX_B_PASSWORD",
                "user: duplex, password: env:DUPLEX_B_PASSWORD, database: shop"), "nodes.b.database", "unknown key");
        assertTrue(p.fix().contains("choose databases under objects"), p.fix());
    }

    @Test
    void shouldRejectMissingNode() {
        String yaml = VALID.replaceAll("(?m)^  b: .*\\n", "");
        assertOnlyProblem(yaml, "nodes.b", "node b is missing");
    }

    @Test
    void shouldRejectMissingNodes() {
        String yaml = VALID.replaceAll("(?m)^(nodes:|  a: .*|  b: .*)\\n", "");
        assertOnlyProblem(yaml, "nodes", "nodes is missing");
    }

    @Test
    void shouldRejectMissingTask() {
        assertOnlyProblem(valid("task: shop-sync\n", ""), "task", "task is missing");
    }

    @Test
    void shouldRejectMissingHostUserAndPassword() {
        List<ConfigProblem> problems = problems(valid(
                "a: {host: 127.0.0.1, port: 3306, user: duplex, password: env:DUPLEX_A_PASSWORD, tls: preferred}",
                "a: {port: 3306}"));
        assertProblem(problems, "nodes.a.host", "host is missing");
        assertProblem(problems, "nodes.a.user", "user is missing");
        assertProblem(problems, "nodes.a.password", "password is missing");
        assertEquals(3, problems.size(), problems.toString());
    }

    @Test
    void shouldRejectBadPort() {
        assertOnlyProblem(valid("port: 3307", "port: 70000"), "nodes.b.port", "outside 1..65535");
        assertOnlyProblem(valid("port: 3307", "port: abc"), "nodes.b.port", "must be a whole number");
    }

    @Test
    void shouldRejectUnknownConflictPolicyWithSuggestion() {
        ConfigProblem p = assertOnlyProblem(valid("conflictPolicy: task-failed", "conflictPolicy: overwrit"),
                "sync.conflictPolicy", "unknown conflictPolicy 'overwrit'");
        assertTrue(p.fix().startsWith("did you mean 'overwrite'?"), p.fix());
        assertTrue(p.fix().contains("task-failed, ignore, overwrite"), p.fix());
    }

    @Test
    void shouldAcceptTheReferenceSpellingOfPolicies() {
        TaskConfig c = ConfigTestSupport.parse(valid("conflictPolicy: task-failed", "conflictPolicy: TaskFailed"));
        assertEquals(ConflictPolicy.TASK_FAILED, c.sync().conflictPolicy());
    }

    @Test
    void shouldRejectUnknownConflictingTablesMode() {
        assertOnlyProblem(valid("conflictingTables: precheck-and-report", "conflictingTables: skip"),
                "sync.conflictingTables", "unknown conflictingTables 'skip'");
    }

    @Test
    void shouldRejectUnknownSyncType() {
        assertOnlyProblem(valid("types: [schema, full, incremental]", "types: [schema, ful, incremental]"),
                "sync.types[1]", "unknown type 'ful'");
    }

    @Test
    void shouldRejectTypesWithoutIncremental() {
        List<ConfigProblem> problems = problems(valid("types: [schema, full, incremental]", "types: [schema, full]"));
        assertProblem(problems, "sync.types", "incremental is required");
        assertProblem(problems, "sync.ddl", "ddl: true needs incremental");
        assertEquals(2, problems.size(), problems.toString());
    }

    @Test
    void shouldRejectUnknownOperation() {
        assertOnlyProblem(valid("operations: [insert, update, delete]", "operations: [insert, upsert]"),
                "objects[1].tables[0].operations[1]", "unknown operation 'upsert'");
    }

    @Test
    void shouldRejectUnknownTlsMode() {
        ConfigProblem p = assertOnlyProblem(valid("tls: preferred", "tls: verify_full"), "nodes.a.tls", "unknown tls");
        assertTrue(p.fix().contains("verify-identity"), p.fix());
    }

    @Test
    void shouldRejectDuplicateDatabaseEntries() {
        assertOnlyProblem(VALID.replace("retryWindowMinutes: 720", "  - database: shop\nretryWindowMinutes: 720"),
                "objects[2].database", "database shop is selected twice (first at objects[0])");
    }

    @Test
    void shouldRejectDuplicateTableEntries() {
        assertOnlyProblem(valid("  - name: orders", "  - name: orders\n      - orders"),
                "objects[1].tables[2]", "table orders is selected twice");
    }

    @Test
    void shouldRejectRenameToIdentifierLongerThan64Characters() {
        assertOnlyProblem(valid("renameTo: clients", "renameTo: " + "c".repeat(65)),
                "objects[1].tables[0].renameTo", "is longer than 64 characters");
    }

    @Test
    void shouldRejectColumnNameEndingInSpace() {
        assertOnlyProblem(valid("columns: [id, name, email, region]", "columns: [id, 'name ', email, region]"),
                "objects[1].tables[0].columns[1]", "ends with a space");
    }

    @Test
    void shouldRejectEmptyTableName() {
        assertOnlyProblem(valid("  - name: orders", "  - name: ''"), "objects[1].tables[1].name", "must not be empty");
    }

    @Test
    void shouldRejectUseMaxAndUseMinTogether() {
        assertOnlyProblem(valid("conflictPolicy: overwrite", "conflictPolicy: overwrite\n        useMax: id\n        useMin: id"),
                "objects[1].tables[0].useMin", "useMax and useMin are both set");
    }

    @Test
    void shouldRejectUseMaxOnColumnNotSelected() {
        assertOnlyProblem(valid("conflictPolicy: overwrite", "useMax: updated_at"),
                "objects[1].tables[0].useMax", "useMax column updated_at is not among the selected columns");
    }

    @Test
    void shouldRejectEmptyObjects() {
        String yaml = VALID.substring(0, VALID.indexOf("objects:")) + "objects: []\n";
        assertOnlyProblem(yaml, "objects", "objects is empty");
    }

    @Test
    void shouldRejectEmptyTablesList() {
        String yaml = VALID.replace("  - database: shop\n", "  - database: shop\n    tables: []\n");
        assertOnlyProblem(yaml, "objects[0].tables", "tables is empty");
    }

    @Test
    void shouldRejectTaskNameWithSpaces() {
        assertOnlyProblem(valid("task: shop-sync", "task: shop sync"), "task", "must be 1 to 40 letters");
        assertOnlyProblem(valid("task: shop-sync", "task: " + "t".repeat(41)), "task", "must be 1 to 40 letters");
    }

    @Test
    void shouldRejectSameServerForBothNodes() {
        ConfigProblem p = assertOnlyProblem(valid("host: 127.0.0.1, port: 3307", "host: localhost, port: 3306"),
                "nodes.b", "node b is the same server as node a (127.0.0.1:3306)");
        assertTrue(p.fix().contains("two servers"), p.fix());
    }

    @Test
    void shouldRejectMoreThanThousandTablesWhenNamesAreEdited() {
        StringBuilder tables = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            tables.append("      - t").append(i).append('\n');
        }
        String yaml = valid("  - name: orders\n", "  - name: orders\n" + tables);
        assertOnlyProblem(yaml, "objects", "1002 tables are listed and names are edited");
        String withoutRename = yaml.replace("        renameTo: clients\n", "");
        assertEquals(1002, ConfigTestSupport.parse(withoutRename).objects().listedTableCount());
    }

    @Test
    void shouldRejectKeyPartitioningAsNotYetSupported() {
        assertOnlyProblem(VALID + "partitioning: key\n", "partitioning", "partitioning: key is not yet supported");
        assertOnlyProblem(VALID + "partitioning: row\n", "partitioning", "unknown partitioning 'row'");
    }

    @Test
    void shouldTakeTablePartitioningWithDdlButWithoutACopyViaTheQueue() {
        assertEquals(Partitioning.TABLE, ConfigTestSupport.parse(VALID + "partitioning: table\n").partitioning());
        String noDdl = VALID.replace("  ddl: true\n", "  ddl: false\n");
        assertEquals(Partitioning.TABLE, ConfigTestSupport.parse(noDdl + "partitioning: table\n").partitioning());
        String viaQueue = noDdl.replace("  conflictPolicy: task-failed\n",
                "  conflictPolicy: task-failed\n  fullSync: {via: queue}\n");
        assertOnlyProblem(viaQueue + "partitioning: table\n", "partitioning", "cannot copy via the queue yet");
    }

    @Test
    void shouldRejectDdlWithoutIncremental() {
        assertProblem(problems(valid("types: [schema, full, incremental]", "types: [full]")),
                "sync.ddl", "ddl: true needs incremental synchronization");
    }

    @Test
    void shouldRejectHeartbeatOutOfRange() {
        assertOnlyProblem(VALID + "heartbeatSeconds: 0\n", "heartbeatSeconds", "outside 1..60");
    }

    @Test
    void shouldRejectShadowTablePatternsWithoutGhOst() {
        assertOnlyProblem(VALID + "onlineDdl: {tool: none, shadowTablePatterns: [_%_gho]}\n",
                "onlineDdl.shadowTablePatterns", "only apply with tool: gh-ost");
    }

    @Test
    void shouldRejectUnknownCapitalization() {
        assertOnlyProblem(VALID + "capitalization: camel\n", "capitalization", "unknown capitalization 'camel'");
    }

    @Test
    void shouldRejectMalformedSecretsManagerReference() {
        assertOnlyProblem(valid("password: env:DUPLEX_A_PASSWORD", "password: secretsmanager:my-secret"),
                "nodes.a.password", "invalid secret reference: expected a Secrets Manager ARN");
    }

    @Test
    void shouldRejectDuplicateKeys() {
        assertOnlyProblem(VALID + "retryWindowMinutes: 60\n", "", "Duplicate field 'retryWindowMinutes'");
    }

    @Test
    void shouldRejectAlertThresholdThatIsNotANumber() {
        assertOnlyProblem(VALID + "alerts: {latencySeconds: soon}\n", "alerts.latencySeconds", "must be a whole number");
    }

    @Test
    void shouldRejectANegativeDdlFailureThresholdAndSayWhatToWrite() {
        ConfigProblem p = assertOnlyProblem(VALID + "alerts: {ddlFailuresPerHour: -1}\n", "alerts.ddlFailuresPerHour",
                "is -1, outside 0..1000000");
        assertTrue(p.fix().contains("write a number from 0 to 1000000"), p.fix());
    }

    @Test
    void shouldPointADdlFailuresKeyAtDdlFailuresPerHour() {
        ConfigProblem p = assertOnlyProblem(VALID + "alerts: {ddlFailures: 3}\n", "alerts.ddlFailures", "unknown key");
        assertEquals("did you mean 'ddlFailuresPerHour'?", p.fix());
    }

    @Test
    void shouldRejectEmptyDocument() {
        assertOnlyProblem("", "", "the document is empty");
        assertOnlyProblem("- just\n- a list\n", "", "must be a mapping");
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        String yaml = VALID
                .replace("task: shop-sync", "task: shop sync")
                .replace("password: env:DUPLEX_A_PASSWORD", "password: s3cret")
                .replace("port: 3307", "port: 0")
                .replace("conflictPolicy: task-failed", "conflictPolicy: maybe")
                .replace("database: shop", "database: mysql")
                .replace("where: \"region = 'EU'\"", "where: \"region = \"")
                .replace("retryWindowMinutes: 720", "retryWindowMinutes: 5\nparitioning: transaction");
        InvalidConfigException e = Assertions.assertThrows(InvalidConfigException.class,
                () -> ConfigTestSupport.parse(yaml));
        List<ConfigProblem> problems = e.problems();
        assertProblem(problems, "task", "must be 1 to 40 letters");
        assertProblem(problems, "nodes.a.password", "literal password");
        assertProblem(problems, "nodes.b.port", "outside 1..65535");
        assertProblem(problems, "sync.conflictPolicy", "unknown conflictPolicy 'maybe'");
        assertProblem(problems, "objects[0].database", "system schema");
        assertProblem(problems, "objects[1].tables[0].where", "does not parse");
        assertProblem(problems, "retryWindowMinutes", "outside 10..1440");
        assertEquals("did you mean 'partitioning'?", assertProblem(problems, "paritioning", "unknown key").fix());
        assertEquals(8, problems.size(), problems.toString());
        assertTrue(e.getMessage().startsWith("invalid task configuration (8 problems):"), e.getMessage());
        assertEquals(9, e.getMessage().lines().count(), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"));
    }
}
