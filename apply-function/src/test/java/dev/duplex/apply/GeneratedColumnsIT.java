package dev.duplex.apply;

import static dev.duplex.apply.Batches.i;
import static dev.duplex.apply.Batches.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.apply.dml.StatementListener;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A generated column whose computation overflows for a row a non-strict node a stored (it warned
 * there): the target, binlogging full row images, computes it too and in strict mode refuses the
 * row. The apply writes the row as node a holds it, pipelined or statement by statement, and still
 * refuses a value of a real column that the target cannot store.
 */
class GeneratedColumnsIT {
    private static final List<String> COLS = List.of("id", "i");
    private static ApplyFixture fx;

    @BeforeAll
    static void start() throws SQLException {
        fx = ApplyFixture.start();
        fx.sql("CREATE DATABASE gen");
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private static RowChange insert(long id, long v) {
        return RowChange.insert("gen", "t", COLS, List.of("id"), List.of(i(id), i(v)));
    }

    private static RowChange update(long id, long before, long after) {
        return RowChange.update("gen", "t", COLS, List.of("id"), List.of(i(id), i(before)), List.of(i(id), i(after)));
    }

    private static ApplyResult apply(String task, Batch batch) throws SQLException {
        try (ApplyContext ctx = fx.context(task)) {
            return new BatchApplier(ctx.tables(), StatementListener.NONE).apply(ctx.connection(), batch, ctx.rules(),
                    PreCommit.NONE);
        }
    }

    @Test
    void shouldApplyARowWhoseGeneratedColumnOverflowsAsNodeAStoredIt() throws Exception {
        String task = "genov";
        fx.putTask(task, "", "- gen");
        fx.sql("CREATE TABLE gen.t (id INT PRIMARY KEY, i INT, twice INT AS (i * 2) VIRTUAL, "
                + "half INT AS (i DIV 2) STORED)");
        apply(task, Batches.batch(task, BatchKind.DML, false, tx(4, insert(1, 2_147_483_647L), insert(2, 5)),
                tx(104, update(2, 5, -2_147_483_648L)), tx(204, insert(3, 7))));
        assertEquals(List.of(List.of("1", "2147483647"), List.of("2", "-2147483648"), List.of("3", "7")),
                fx.rows("SELECT id, i FROM gen.t ORDER BY id"));
    }

    /**
     * Strict mode lifted for a row's ENUM error value or its generated column, a value of another
     * column the target cannot store would be truncated with a warning: the statement fails instead,
     * as strict mode would have failed it, and nothing of the batch is applied.
     */
    @Test
    void shouldRefuseAValueTheTargetCannotStoreWhereStrictModeIsLiftedForTheRow() throws Exception {
        String task = "genshort";
        fx.putTask(task, "", "- gen");
        fx.sql("CREATE TABLE gen.short (id INT PRIMARY KEY, e ENUM('a','b'), i INT, v VARCHAR(3), "
                + "twice INT AS (i * 2) VIRTUAL)");
        List<String> cols = List.of("id", "e", "i", "v");
        RowChange enumError = RowChange.insert("gen", "short", cols, List.of("id"),
                List.of(i(1), new Value.Enum(""), i(1), Batches.s("abcdef")));
        SQLException e = assertThrows(SQLException.class,
                () -> apply(task, Batches.batch(task, BatchKind.DML, false, tx(4, enumError))));
        assertEquals(1265, e.getErrorCode(), e.getMessage());
        // Strict mode stops at the first row's generated column; lifted, the second row's text would be cut.
        RowChange overflow = RowChange.insert("gen", "short", cols, List.of("id"),
                List.of(i(2), Batches.s("a"), i(2_147_483_647L), Batches.s("ab")));
        RowChange tooLong = RowChange.insert("gen", "short", cols, List.of("id"),
                List.of(i(3), Batches.s("a"), i(1), Batches.s("abcdef")));
        e = assertThrows(SQLException.class,
                () -> apply(task, Batches.batch(task, BatchKind.DML, false, tx(4, overflow, tooLong))));
        assertEquals(1265, e.getErrorCode(), e.getMessage());
        assertTrue(e.getMessage().contains("'v'"), e.getMessage());
        assertEquals(List.of(), fx.rows("SELECT id FROM gen.short"));
    }
}
