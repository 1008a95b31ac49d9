package dev.duplex.apply.parallel;

import dev.duplex.core.model.Change;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.sql.DuplexSchema;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What one transaction's user rows touch on the target ({@link KeyTokens}), read once per unit:
 * its segment's {@link LanePlan} groups transactions by it, and {@link LaneOrder} orders the lanes
 * of later segments after the earlier ones they share a key with.
 *
 * @param rows the user row changes (a lane's weight)
 */
record TxKeys(int rows, List<String> members, List<String> tokens, List<String> wildcards) {

    static TxKeys of(Transaction tx, LanePlan.Tables tables) throws SQLException {
        Recorder r = new Recorder();
        int rows = 0;
        for (Change ch : tx.changes()) {
            if (ch instanceof RowChange row && !DuplexSchema.isDuplexSchema(row.database())) {
                KeyTokens.register(r, 0, row, tables.get(row.database(), row.table()));
                rows++;
            }
        }
        return new TxKeys(rows, List.copyOf(r.members), List.copyOf(r.tokens), List.copyOf(r.wildcards));
    }

    static List<TxKeys> of(List<Transaction> txs, LanePlan.Tables tables) throws SQLException {
        List<TxKeys> out = new ArrayList<>(txs.size());
        for (Transaction tx : txs) {
            out.add(of(tx, tables));
        }
        return out;
    }

    /** Registers these keys as transaction {@code tx}'s. */
    void replay(KeyRegistry registry, int tx) {
        members.forEach(g -> registry.member(g, tx));
        tokens.forEach(t -> registry.token(t, tx));
        wildcards.forEach(registry::wildcard);
    }

    private static final class Recorder implements KeyRegistry {
        final List<String> members = new ArrayList<>();
        final List<String> tokens = new ArrayList<>();
        final List<String> wildcards = new ArrayList<>();

        @Override
        public void member(String group, int tx) {
            members.add(group);
        }

        @Override
        public void token(String token, int tx) {
            tokens.add(token);
        }

        @Override
        public void wildcard(String group) {
            wildcards.add(group);
        }
    }
}
