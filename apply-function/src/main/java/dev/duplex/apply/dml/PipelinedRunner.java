package dev.duplex.apply.dml;

import dev.duplex.apply.sql.TableInfo;
import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.model.Value;
import dev.duplex.core.sql.ValueBinder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Queues a message's row statements and sends them as multi-statement packets (the apply
 * connection allows them), so a message of a hundred row changes costs one round trip instead of
 * a hundred. The target still runs every statement in order inside the message's transaction;
 * each statement's count is checked against what a conflict-free apply sees, and the first
 * difference or error ends the attempt with {@link ExactApplyNeeded}. Errors the classifier
 * retries (lost connection, deadlock) go up as they are.
 */
final class PipelinedRunner implements StatementRunner {
    /** Below the smallest max_allowed_packet we support (MySQL 5.7's 4 MiB), like one multi-row insert. */
    static final int MAX_PACKET_BYTES = 4 * 1024 * 1024;
    static final int MAX_STATEMENTS = 1000;

    private record Queued(String sql, List<Value> params, int expected) {}

    private final Connection c;
    private final StatementListener listener;
    private final List<Queued> queue = new ArrayList<>();
    private long queuedBytes;
    private int statements;

    PipelinedRunner(Connection c, StatementListener listener) {
        this.c = c;
        this.listener = listener;
    }

    @Override
    public int run(String sql, List<Value> params, int expected, TableInfo table) throws SQLException {
        if (params.stream().anyMatch(DirectRunner::isEnumErrorValue)) {
            throw new ExactApplyNeeded("an ENUM error value needs strict mode lifted for its statement", null);
        }
        long bytes = sql.length() + params.stream().mapToLong(ValueBinder::estimatedSize).sum();
        if (!queue.isEmpty() && (queuedBytes + bytes > MAX_PACKET_BYTES || queue.size() >= MAX_STATEMENTS)) {
            flush();
        }
        queue.add(new Queued(sql, params, expected));
        queuedBytes += bytes;
        return Math.max(expected, 0);
    }

    @Override
    public boolean deferred() {
        return true;
    }

    @Override
    public void flush() throws SQLException {
        if (queue.isEmpty()) {
            return;
        }
        List<Queued> sending = List.copyOf(queue);
        queue.clear();
        queuedBytes = 0;
        try (PreparedStatement ps = c.prepareStatement(text(sending))) {
            int index = 1;
            for (Queued q : sending) {
                for (Value v : q.params()) {
                    ValueBinder.bind(ps, index++, v);
                }
            }
            checkCounts(ps, ps.execute(), sending);
        } catch (ExactApplyNeeded e) {
            throw e;
        } catch (SQLException e) {
            if (ErrorClassifier.isRetriable(e)) {
                throw e;
            }
            throw new ExactApplyNeeded("a pipelined statement failed [MySQL error " + e.getErrorCode() + "]", e);
        }
    }

    private static String text(List<Queued> sending) {
        StringBuilder sb = new StringBuilder();
        for (Queued q : sending) {
            sb.append(sb.isEmpty() ? "" : ";\n").append(q.sql());
        }
        return sb.toString();
    }

    private void checkCounts(PreparedStatement ps, boolean resultSet, List<Queued> sending) throws SQLException {
        for (int i = 0; i < sending.size(); i++) {
            int count = resultSet ? -1 : ps.getUpdateCount();
            int expected = sending.get(i).expected();
            if (resultSet || count < 0 || (expected != ANY_COUNT && count != expected)) {
                throw new ExactApplyNeeded("statement " + (i + 1) + " of " + sending.size() + " found " + count
                        + " rows, a conflict-free apply " + expected, null);
            }
            listener.afterStatement(c, ++statements);
            resultSet = i + 1 < sending.size() && ps.getMoreResults();
        }
    }
}
