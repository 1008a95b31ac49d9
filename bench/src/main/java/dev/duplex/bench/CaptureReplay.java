package dev.duplex.bench;

import com.github.shyiko.mysql.binlog.BinaryLogFileReader;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.io.BufferedSocketInputStream;
import dev.duplex.capture.assemble.CapturedTransaction;
import dev.duplex.capture.assemble.TransactionAssembler;
import dev.duplex.capture.batch.BatchSettings;
import dev.duplex.capture.batch.GroupedBatcher;
import dev.duplex.capture.batch.MessageWindow;
import dev.duplex.capture.batch.Outgoing;
import dev.duplex.capture.decode.CatalogTable;
import dev.duplex.capture.decode.Collations;
import dev.duplex.capture.decode.SchemaCatalog;
import dev.duplex.capture.decode.TableSchemaResolver;
import dev.duplex.capture.filter.SelectCounters;
import dev.duplex.capture.filter.SelectedTransaction;
import dev.duplex.capture.filter.TransactionSelector;
import dev.duplex.capture.reader.EventDeserializers;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.filter.Dialect;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.wire.BatchCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Capture's CPU work on a recorded binlog, stage by stage, with the classes capture runs and
 * nothing else (no socket, no queue): the reader's event deserializers, the transaction
 * assembler, the selector (with its row decoding), the batcher and the merger that joins the
 * batches waiting for the publisher, and the wire encoder. Each stage takes the whole output of
 * the one before, so each can be timed alone; a new replay starts with fresh state (schema
 * caches, GTID tracking, batch chain), as a capture session reading the same events would.
 */
final class CaptureReplay {
    /** Selected objects of the recordings: the sysbench tables and the mixed-types table. */
    static final List<String> DATABASES = List.of("sbtest", "mixed");
    /**
     * The batcher's clock advances this much per transaction: a backlog read at 2,000
     * transactions/s, so the linger time (20 ms) cuts a batch every ~40 transactions, and the
     * merger joins the waiting batches into messages up to the size limit, as under load.
     */
    static final long NANOS_PER_TRANSACTION = TimeUnit.MICROSECONDS.toNanos(500);

    private static final TaskConfig CONFIG = TaskConfigLoader.parse("""
            task: replay
            nodes:
              a: {host: 127.0.0.1, port: 3306, user: duplex, password: env:DUPLEX_REPLAY_A}
              b: {host: 127.0.0.1, port: 3307, user: duplex, password: env:DUPLEX_REPLAY_B}
            objects:
              - database: sbtest
              - database: mixed
            """, TaskConfigLoader.Format.YAML);
    private static final Batch.Chain CHAIN = new Batch.Chain("replay", "replay-source", Seq.ZERO);

    private final BatchCodec codec = new BatchCodec();
    private final Collations collations = Collations.builtInOnly();

    private CaptureReplay() {}

    static CaptureReplay create() {
        return new CaptureReplay();
    }

    /**
     * Stage 1: the binlog file's events, as the reader's deserializers produce them from the stream:
     * through the same buffered stream the library's client reads its socket with (its per-byte reads
     * are part of the cost; a plain ByteArrayInputStream would add a lock to each).
     */
    List<Event> deserialize(byte[] binlog) {
        List<Event> events = new ArrayList<>();
        try (BinaryLogFileReader reader = new BinaryLogFileReader(
                new BufferedSocketInputStream(new ByteArrayInputStream(binlog)), EventDeserializers.create())) {
            for (Event e = reader.readEvent(); e != null; e = reader.readEvent()) {
                events.add(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recorded binlog", e);
        }
        return events;
    }

    /** Stage 2: complete transactions, from the start of {@code file}. */
    List<CapturedTransaction> assemble(String file, List<Event> events) {
        TransactionAssembler assembler = new TransactionAssembler(new BinlogPosition(file, 4), true, collations);
        List<CapturedTransaction> out = new ArrayList<>();
        for (Event e : events) {
            CapturedTransaction tx = assembler.accept(e);
            if (tx != null) {
                out.add(tx);
            }
        }
        return out;
    }

    /** Stage 3: what capture publishes of them (row images decoded to values). */
    List<SelectedTransaction> select(List<CapturedTransaction> txs) {
        TransactionSelector selector = new TransactionSelector(CONFIG, Direction.A2B, Dialect.MARIADB,
                new TableSchemaResolver(new Catalog(), collations), new SelectCounters());
        List<SelectedTransaction> out = new ArrayList<>(txs.size());
        for (CapturedTransaction tx : txs) {
            selector.select(tx).ifPresent(out::add);
        }
        return out;
    }

    /** Stage 4: batches cut by the linger time and the size limit, joined into messages as the publisher joins what waits for it. */
    List<Batch> batch(List<SelectedTransaction> txs) {
        GroupedBatcher batcher = new GroupedBatcher(BatchSettings.defaults(CONFIG.task(), Direction.A2B), null, CHAIN,
                () -> false);
        List<Outgoing> batches = new ArrayList<>();
        long now = 0;
        for (SelectedTransaction tx : txs) {
            batches.addAll(batcher.add(tx, now));
            now += NANOS_PER_TRANSACTION;
            batches.addAll(batcher.poll(now));
        }
        batches.addAll(batcher.flush());
        List<Batch> messages = new ArrayList<>();
        for (Outgoing message : new MessageWindow(BatchSettings.DEFAULT_MAX_BYTES).messages(batches)) {
            messages.add(message.batch());
        }
        return messages;
    }

    /** Stage 5: the message bodies sent to the queue. */
    List<byte[]> encode(List<Batch> messages) {
        List<byte[]> out = new ArrayList<>(messages.size());
        for (Batch b : messages) {
            out.add(codec.encode(b));
        }
        return out;
    }

    BatchCodec codec() {
        return codec;
    }

    /** Row changes published in {@code messages}. */
    static long rowChanges(List<Batch> messages) {
        long rows = 0;
        for (Batch b : messages) {
            for (Transaction t : b.transactions()) {
                rows += t.changes().stream().filter(c -> c instanceof RowChange).count();
            }
        }
        return rows;
    }

    /** Rows the row events of the binlog carry (an update counts once). */
    static long rowsInEvents(List<Event> events) {
        long rows = 0;
        for (Event e : events) {
            rows += switch (e.getData()) {
                case WriteRowsEventData w -> w.getRows().size();
                case UpdateRowsEventData u -> u.getRows().size();
                case DeleteRowsEventData d -> d.getRows().size();
                case null, default -> 0;
            };
        }
        return rows;
    }

    /**
     * information_schema as it would answer for the recorded tables: every table InnoDB, and the
     * mixed-types table's MariaDB JSON column (a LONGTEXT the binlog cannot tell from text).
     */
    private static final class Catalog implements SchemaCatalog {
        @Override
        public Optional<CatalogTable> table(String db, String table) {
            List<CatalogTable.Column> columns = db.equals("mixed") && table.equals("types")
                    ? List.of(new CatalogTable.Column("j", "longtext", "longtext", "utf8mb4", false, true))
                    : List.of();
            return Optional.of(new CatalogTable(columns, List.of(), List.of(), "InnoDB"));
        }

        @Override
        public Map<Integer, String> collations() {
            return Map.of();
        }
    }
}
