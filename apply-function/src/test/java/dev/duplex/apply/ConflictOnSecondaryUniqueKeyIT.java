package dev.duplex.apply;

import static dev.duplex.apply.Batches.dml;
import static dev.duplex.apply.Batches.i;
import static dev.duplex.apply.Batches.nul;
import static dev.duplex.apply.Batches.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.RowChange;
import dev.duplex.core.store.ConflictRecord;
import dev.duplex.sandbox.FifoQueues;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #13 scenario 4: a duplicate key is decided against the target row that really collides,
 * found per unique key (a NULL never collides, an UPDATE's own row is no collision), and deciding
 * for the incoming row removes only the rows it beat.
 */
class ConflictOnSecondaryUniqueKeyIT {
    private static final List<String> COLS = List.of("id", "email", "version");
    private static final List<String> PREFIX_COLS = List.of("id", "email", "version", "url");
    private static ApplyFixture fx;

    @BeforeAll
    static void start() throws SQLException {
        fx = ApplyFixture.start();
        fx.sql("CREATE DATABASE shop");
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void shouldKeepTheRowAnUpdateCollidesWithOnAUniqueKeyWhenThatRowHasTheHigherUseMaxValue() throws Exception {
        String t = table("maxkeep", "useMax: version", "(1,'x',5),(2,'y',9)");
        apply(t, moveEmail(t, 5, 7));

        assertEquals(List.of(List.of("1", "x", "5"), List.of("2", "y", "9")), rows(t));
        ConflictRecord r = single(t);
        assertEquals("KEEP_TARGET", r.decision());
        assertEquals("useMax(version)", r.policy());
        assertNamesRow2(r);
    }

    @Test
    void shouldRemoveOnlyTheRowAnUpdateCollidesWithWhenTheIncomingUseMaxValueWins() throws Exception {
        String t = table("maxwin", "useMax: version", "(1,'x',5),(2,'y',9),(3,'z',1)");
        apply(t, moveEmail(t, 5, 10));

        assertEquals(List.of(List.of("1", "y", "10"), List.of("3", "z", "1")), rows(t));
        ConflictRecord r = single(t);
        assertEquals("APPLY_INCOMING", r.decision());
        assertNamesRow2(r);
    }

    @Test
    void shouldNeverTakeANullInANullableUniqueKeyForACollision() throws Exception {
        String t = "nullkey";
        putTask(t, "useMax: version");
        // Index names order the keys: the nullable one is looked at before the one that collides.
        fx.sql("CREATE TABLE shop." + t + " (id INT PRIMARY KEY, tag VARCHAR(10) NULL, email VARCHAR(20) NOT NULL,"
                        + " version INT, UNIQUE KEY a_tag (tag), UNIQUE KEY b_email (email))",
                "INSERT INTO shop." + t + " VALUES (1,NULL,'p',1),(2,'t','q',9)");
        List<String> cols = List.of("id", "tag", "email", "version");
        apply(t, RowChange.insert("shop", t, cols, List.of("id"), List.of(i(3), nul(), s("q"), i(7))));

        assertEquals(List.of(Arrays.asList("1", null, "p", "1"), List.of("2", "t", "q", "9")),
                fx.rows("SELECT id, tag, email, version FROM shop." + t + " ORDER BY id"));
        ConflictRecord r = single(t);
        assertEquals("KEEP_TARGET", r.decision());
        assertTrue(r.key().startsWith("(email)=('q')"), r.key());
        assertTrue(r.targetRow().contains("\"id\":2") && r.targetRow().contains("\"version\":9"), r.targetRow());
    }

    @Test
    void shouldOverwriteOnlyTheRowAnUpdateCollidesWithAndKeepTheUpdatedRowInPlace() throws Exception {
        String t = "overwrite";
        putTask(t, "conflictPolicy: overwrite");
        // note exists only on the target: the change does not carry it, so it shows whether row 1 was replaced.
        fx.sql("CREATE TABLE shop." + t + " (id INT PRIMARY KEY, email VARCHAR(20) UNIQUE, version INT,"
                        + " note VARCHAR(20))",
                "INSERT INTO shop." + t + " VALUES (1,'x',5,'row one'),(2,'y',9,'row two'),(3,'z',1,'row three')");
        apply(t, moveEmail(t, 5, 7));

        assertEquals(List.of(List.of("1", "y", "7", "row one"), List.of("3", "z", "1", "row three")),
                fx.rows("SELECT id, email, version, note FROM shop." + t + " ORDER BY id"));
        ConflictRecord r = single(t);
        assertEquals("APPLY_INCOMING", r.decision());
        assertNamesRow2(r);
    }

    @Test
    void shouldKeepBothRowsAnInsertCollidesWithUnlessItBeatsEachOfThem() throws Exception {
        String t = table("twokeep", "useMax: version", "(1,'x',5),(2,'y',9)");
        apply(t, RowChange.insert("shop", t, COLS, List.of("id"), List.of(i(1), s("y"), i(7))));

        assertEquals(List.of(List.of("1", "x", "5"), List.of("2", "y", "9")), rows(t));
        List<ConflictRecord> log = byKey(t);
        assertEquals(2, log.size(), "one record per colliding row: " + log);
        assertTrue(log.stream().allMatch(r -> r.decision().equals("KEEP_TARGET")), log.toString());
        assertTrue(log.get(0).key().startsWith("(email)=('y')") && log.get(0).targetRow().contains("\"id\":2"),
                log.get(0).toString());
        assertTrue(log.get(1).key().startsWith("(id)=(1)") && log.get(1).targetRow().contains("\"email\":\"x\""),
                log.get(1).toString());
    }

    @Test
    void shouldReplaceBothRowsAnInsertCollidesWithWhenItBeatsEachOfThem() throws Exception {
        String t = table("twowin", "useMax: version", "(1,'x',5),(2,'y',9),(3,'z',1)");
        apply(t, RowChange.insert("shop", t, COLS, List.of("id"), List.of(i(1), s("y"), i(10))));

        assertEquals(List.of(List.of("1", "y", "10"), List.of("3", "z", "1")), rows(t));
        List<ConflictRecord> log = byKey(t);
        assertEquals(2, log.size(), "one record per colliding row: " + log);
        assertTrue(log.stream().allMatch(r -> r.decision().equals("APPLY_INCOMING")), log.toString());
    }

    @Test
    void shouldLetTheFallbackKeepEveryRowWhenARowCollidesOnlyOnAPrefixKey() throws Exception {
        String t = prefixTable("prefixkeep", "useMax: version"); // falls back to ignore
        apply(t, RowChange.insert("shop", t, PREFIX_COLS, List.of("id"), List.of(i(3), s("y"), i(10), s("ccccc2"))));

        // It beats row 2 (email), but row 4 (same url prefix) cannot be compared: ignore keeps every row.
        assertEquals(List.of(List.of("1", "x", "5"), List.of("2", "y", "9"), List.of("4", "z", "1")), rows(t));
        List<ConflictRecord> log = byKey(t);
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.stream().allMatch(r -> r.decision().equals("KEEP_TARGET")), log.toString());
        assertTrue(log.get(0).key().startsWith("(email)=('y')"), log.get(0).key());
        assertEquals("useMax(version), another colliding row kept", log.get(0).policy());
        assertEquals("(unknown key)", log.get(1).key());
    }

    @Test
    void shouldLetTheFallbackReplaceARowThatCollidesOnlyOnAPrefixKey() throws Exception {
        String t = prefixTable("prefixwin", "conflictPolicy: overwrite");
        // An UPDATE of row 1: it collides with row 2 on email and with row 4 on the url prefix.
        apply(t, RowChange.update("shop", t, PREFIX_COLS, List.of("id"),
                List.of(i(1), s("x"), i(5), s("aaaaa1")), List.of(i(1), s("y"), i(10), s("ccccc2"))));

        assertEquals(List.of(List.of("1", "y", "10")), rows(t));
        List<ConflictRecord> log = byKey(t);
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.stream().allMatch(r -> r.decision().equals("APPLY_INCOMING")), log.toString());
        assertTrue(log.get(0).key().startsWith("(email)=('y')"), log.get(0).key());
        assertEquals("(unknown key)", log.get(1).key());
    }

    /** Rows 1, 2 and 4; url is unique on its first 5 characters only. */
    private static String prefixTable(String name, String rule) throws SQLException {
        putTask(name, rule);
        fx.sql("CREATE TABLE shop." + name + " (id INT PRIMARY KEY, email VARCHAR(20) UNIQUE, version INT,"
                        + " url VARCHAR(20), UNIQUE KEY u_url (url(5)))",
                "INSERT INTO shop." + name + " VALUES (1,'x',5,'aaaaa1'),(2,'y',9,'bbbbb1'),(4,'z',1,'ccccc1')");
        return name;
    }

    /** UPDATE of row 1 (x, {@code from}) to ('y', {@code to}): its new email is row 2's. */
    private static RowChange moveEmail(String t, int from, int to) {
        return RowChange.update("shop", t, COLS, List.of("id"), List.of(i(1), s("x"), i(from)),
                List.of(i(1), s("y"), i(to)));
    }

    private static void assertNamesRow2(ConflictRecord r) {
        assertEquals("INSERT_DUPLICATE", r.kind());
        assertTrue(r.key().startsWith("(email)=('y')") && r.key().contains("(id)=(2)"), r.key());
        assertTrue(r.targetRow().contains("\"id\":2") && r.targetRow().contains("\"version\":9"), r.targetRow());
        assertTrue(r.afterImage().contains("\"id\":1"), r.afterImage());
    }

    private static String table(String name, String rule, String rows) throws SQLException {
        putTask(name, rule);
        fx.sql("CREATE TABLE shop." + name + " (id INT PRIMARY KEY, email VARCHAR(20) UNIQUE, version INT)",
                "INSERT INTO shop." + name + " VALUES " + rows);
        return name;
    }

    /** {@code rule} is the table's entry: a column rule (falling back to ignore) or a conflictPolicy. */
    private static void putTask(String task, String rule) {
        fx.putTask(task, "conflictPolicy: ignore\nstrictConflicts: false",
                "- database: shop\n  tables:\n    - {name: " + task + ", " + rule + "}");
    }

    private static void apply(String task, RowChange change) {
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        fx.send(q, dml(task, 100, change));
        try (ApplyContext ctx = fx.context(task)) {
            var response = fx.deliver(q, fx.receive(q, 1), fx.processor(ctx));
            assertTrue(response.getBatchItemFailures().isEmpty(), "failures: " + response.getBatchItemFailures());
        }
    }

    private static List<List<String>> rows(String t) throws SQLException {
        return fx.rows("SELECT id, email, version FROM shop." + t + " ORDER BY id");
    }

    private static ConflictRecord single(String t) {
        List<ConflictRecord> log = fx.conflicts.recent(t, 10);
        assertEquals(1, log.size(), "conflict log: " + log);
        return log.get(0);
    }

    private static List<ConflictRecord> byKey(String t) {
        return fx.conflicts.recent(t, 10).stream().sorted(Comparator.comparing(ConflictRecord::key)).toList();
    }
}
