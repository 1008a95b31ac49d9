package dev.duplex.infra;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.BinlogRange;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import dev.duplex.sandbox.MySqlServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Batches, rows and bounded waits for FunctionZipsUnderLambdaRuntimeIT. */
final class LambdaItSupport {
  static final Duration ARRIVAL = Duration.ofSeconds(30);
  private static final String FILE = "mysql-bin.000001";

  private LambdaItSupport() {}

  /** A batch as capture sends it: one transaction inserting one row into shop.items, chained from the start. */
  static Batch insert(String task, long pos, int id, String name) {
    Transaction tx = new Transaction(Seq.ofTransaction(new BinlogPosition(FILE, pos), 0), "",
        1_700_000_000_000_000L + pos, List.of(RowChange.insert("shop", "items", List.of("id", "name"),
            List.of("id"), List.of(new Value.Int(id), new Value.Text(name)))));
    BinlogRange range = new BinlogRange(new BinlogPosition(FILE, pos), new BinlogPosition(FILE, pos + 50));
    return new Batch(Batch.FORMAT_VERSION, task, Direction.A2B, "a", QueueNames.defaultGroup(Direction.A2B),
        tx.seq(), range, BatchKind.DML, false, Batch.Fragment.WHOLE, List.of(tx),
        new Batch.Chain("it-chain", "it-source", Seq.ZERO));
  }

  static Optional<String> name(MySqlServer node, int id) throws SQLException {
    try (Connection c = node.connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT name FROM shop.items WHERE id = " + id)) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }

  static void sql(MySqlServer node, String... statements) throws SQLException {
    try (Connection c = node.connect(); Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  interface Check {
    boolean holds() throws Exception;
  }

  /** Polls until the check holds, for at most {@link #ARRIVAL}; the failure names what was awaited. */
  static void await(Check check, String what) throws InterruptedException {
    long deadline = System.nanoTime() + ARRIVAL.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (check.holds()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("waited " + ARRIVAL + " for " + what + (last == null ? "" : "; last error: " + last));
  }
}
