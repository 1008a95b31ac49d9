package dev.duplex.bench;

import dev.duplex.core.model.BinlogPosition;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the row changes a server's binlog holds between two positions, with mariadb-binlog
 * decoding the files in the server's data directory. This is the exact amount of work every
 * consumer of that binlog range has to apply, independent of Duplex and of the replica.
 */
final class BinlogRows {
    private static final Pattern ROW = Pattern.compile("^### (INSERT INTO|UPDATE|DELETE FROM) `([^`]*)`\\.`");
    private static final Pattern GTID = Pattern.compile("^#\\d.*\\tGTID ");

    private BinlogRows() {}

    /** Row changes per operation, and the transactions that carry at least one of them. */
    record Count(long inserts, long updates, long deletes, long transactions) {
        long rows() {
            return inserts + updates + deletes;
        }

        Count plus(Count o) {
            return new Count(inserts + o.inserts, updates + o.updates, deletes + o.deletes,
                    transactions + o.transactions);
        }
    }

    /** Counts changes in databases {@code selected} accepts, from {@code from} up to {@code to}. */
    static Count count(Path dataDir, BinlogPosition from, BinlogPosition to, Predicate<String> selected) {
        List<String> cmd = new ArrayList<>(List.of("mariadb-binlog", "--base64-output=decode-rows", "--verbose",
                "--start-position=" + from.pos(), "--stop-position=" + to.pos()));
        files(from, to).forEach(f -> cmd.add(dataDir.resolve(f).toString()));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Count c;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                c = parse(r, selected);
            }
            if (p.waitFor() != 0) {
                throw new BenchException("mariadb-binlog failed (exit " + p.exitValue() + ") reading " + from + " to "
                        + to + " in " + dataDir);
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run mariadb-binlog: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while counting binlog rows");
        }
    }

    /** The binlog files from {@code from}'s to {@code to}'s, e.g. mysql-bin.000002 .. mysql-bin.000004. */
    static List<String> files(BinlogPosition from, BinlogPosition to) {
        String prefix = from.file().substring(0, from.file().lastIndexOf('.') + 1);
        int width = from.file().length() - prefix.length();
        List<String> out = new ArrayList<>();
        for (long i = from.fileIndex(); i <= to.fileIndex(); i++) {
            out.add(prefix + String.format("%0" + width + "d", i));
        }
        return out;
    }

    static Count parse(BufferedReader lines, Predicate<String> selected) throws IOException {
        long ins = 0;
        long upd = 0;
        long del = 0;
        long tx = 0;
        boolean txHasRows = false;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (GTID.matcher(line).find()) {
                txHasRows = false;
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (m.find() && selected.test(m.group(2))) {
                switch (m.group(1)) {
                    case "INSERT INTO" -> ins++;
                    case "UPDATE" -> upd++;
                    default -> del++;
                }
                if (!txHasRows) {
                    txHasRows = true;
                    tx++;
                }
            }
        }
        return new Count(ins, upd, del, tx);
    }
}
