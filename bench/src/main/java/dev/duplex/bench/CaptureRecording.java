package dev.duplex.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * One recorded binlog file the capture part replays (resources {@code binlog/*.binlog.gz}, whose
 * README says how each was recorded).
 *
 * @param name     the workload, e.g. "oltp_write_only"
 * @param file     the binlog file's name on the server that wrote it: the positions capture names
 * @param workload what ran on the server, for the report
 */
record CaptureRecording(String name, String file, String workload) {
    static final List<CaptureRecording> ALL = List.of(
            new CaptureRecording("oltp_write_only", "mysql-bin.000002",
                    "sysbench oltp_write_only, 250 transactions: update of the indexed int k, update of the "
                            + "char(120) c, delete + insert"),
            new CaptureRecording("oltp_insert", "mysql-bin.000003", "sysbench oltp_insert, 1,000 single-row inserts"),
            new CaptureRecording("mixed_types", "mysql-bin.000004",
                    "a table of every column family (integers, DECIMAL, FLOAT/DOUBLE, BIT, temporals, latin1 and "
                            + "utf8mb4 text, BLOB, BINARY, ENUM, SET, JSON, NULLs): 300 inserts, 150 updates, "
                            + "3 multi-row transactions"));

    /** The binlog file's bytes. */
    byte[] bytes() {
        String resource = "binlog/" + name + ".binlog.gz";
        try (InputStream in = CaptureRecording.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("recorded binlog " + resource + " is not on the class path");
            }
            try (GZIPInputStream gz = new GZIPInputStream(in)) {
                return gz.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recorded binlog " + resource, e);
        }
    }
}
