package dev.duplex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.BinlogPosition;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure pieces of the bench: parsing tool output, counting, percentiles, naming threads. */
class BenchPartsTest {

    @Test
    void shouldReadTransactionsAndWritesFromSysbenchOutput() {
        String out = """
                SQL statistics:
                    queries performed:
                        read:                            0
                        write:                           75912
                        other:                           37956
                        total:                           113868
                    transactions:                        18978  (1897.03 per sec.)
                    ignored errors:                      3      (0.30 per sec.)
                General statistics:
                    total time:                          10.0037s
                """;
        Sysbench.Result r = Sysbench.parse(out);
        assertEquals(18978, r.transactions());
        assertEquals(1897.03, r.tps(), 1e-9);
        assertEquals(75912, r.writes());
        assertEquals(3, r.ignoredErrors());
        assertEquals(10.0037, r.seconds(), 1e-9);
    }

    @Test
    void shouldRefuseSysbenchOutputWithoutTransactions() {
        var e = assertThrows(BenchException.class, () -> Sysbench.parse("FATAL: unable to connect"));
        assertTrue(e.getMessage().contains("FATAL: unable to connect"), e.getMessage());
    }

    @Test
    void shouldCountRowChangesOfSelectedDatabasesPerTransaction() throws Exception {
        String decoded = """
                #261121  6:50:29 server id 9  end_log_pos 1912 CRC32 0x1f44750c \tGTID 0-9-8 trans
                ### UPDATE `sbtest`.`sbtest2`
                ### WHERE
                ###   @1=5
                ### SET
                ###   @1=5
                ### DELETE FROM `sbtest`.`sbtest1`
                ### INSERT INTO `sbtest`.`sbtest1`
                #261121  6:50:29 server id 9  end_log_pos 2100 CRC32 0x1f44750c \tGTID 0-9-9 trans
                ### UPDATE `duplex`.`heartbeat`
                #261121  6:50:29 server id 9  end_log_pos 2300 CRC32 0x1f44750c \tGTID 0-9-10 trans
                ### INSERT INTO `sbtest`.`sbtest3`
                ### INSERT INTO `sbtest`.`sbtest3`
                """;
        BinlogRows.Count c = BinlogRows.parse(new BufferedReader(new StringReader(decoded)), "sbtest"::equals);
        assertEquals(new BinlogRows.Count(3, 1, 1, 2), c);
        assertEquals(5, c.rows());
    }

    @Test
    void shouldListEveryBinlogFileBetweenTwoPositions() {
        assertEquals(List.of("mysql-bin.000009", "mysql-bin.000010", "mysql-bin.000011"),
                BinlogRows.files(new BinlogPosition("mysql-bin.000009", 4), new BinlogPosition("mysql-bin.000011", 9)));
    }

    @Test
    void shouldTakeNearestRankPercentiles() {
        LatencySamples s = new LatencySamples();
        for (int i = 1; i <= 2000; i++) {
            s.add(i * 1000L); // 1 ms .. 2000 ms
        }
        assertEquals(1000.0, s.percentileMillis(50).getAsDouble());
        assertEquals(1980.0, s.percentileMillis(99).getAsDouble());
        assertEquals(2000.0, s.maxMillis().getAsDouble());
        assertTrue(new LatencySamples().percentileMillis(50).isEmpty());
        assertEquals(List.of(500L, 1000L, 1500L, 2000L), s.maxPerSlice(4));
    }

    @Test
    void shouldReadCpuTimeAndPeakMemoryOfAProcess() {
        String stat = "4242 (mariadbd (x)) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 150 0 0 20 0 30 0 100 0 0";
        assertEquals(4.0, ProcessStats.parseCpuSeconds(stat), 1e-9);
        assertEquals(512.0, ProcessStats.parsePeakRssMiB("Name:\tmariadbd\nVmHWM:\t  524288 kB\nVmRSS:\t1 kB\n"));
    }

    @Test
    void shouldAttributeThreadsToComponentsByName() {
        assertEquals("capture a2b", CpuMeter.component("binlog-bench-a2b"));
        assertEquals("capture a2b", CpuMeter.component("process-my-task-a2b"));
        assertEquals("capture a2b", CpuMeter.component("capture-bench-a"));
        assertEquals("capture b2a", CpuMeter.component("heartbeat-bench-b"));
        assertEquals("capture b2a", CpuMeter.component("lease-bench-b"));
        assertEquals("apply a2b", CpuMeter.component("apply-lane-3-a2b"));
        assertEquals("apply a2b", CpuMeter.component("poller-a2b"));
        assertEquals("capture a2b", CpuMeter.component("snapshot-bench-snap-reader-1"));
        assertEquals("apply b2a", CpuMeter.component("poller-b2a"));
        assertEquals(CpuMeter.BENCH, CpuMeter.component("bench-probe-cdc"));
        assertEquals(CpuMeter.OTHER, CpuMeter.component("elasticmq-pekko.actor.default-dispatcher-5"));
        assertEquals(CpuMeter.OTHER, CpuMeter.component("G1 Young RemSet Sampling"));
    }

    @Test
    void shouldNameTheInstallCommandForMissingTools() {
        List<String> missing = Tools.missing(List.of("sysbench", "mydumper", "myloader", "mariadb"),
                t -> t.equals("mariadb"));
        assertEquals(List.of("sysbench", "mydumper", "myloader"), missing);
        assertTrue(Tools.problem(missing).endsWith("apt-get install -y sysbench mydumper"), Tools.problem(missing));
        assertEquals(List.of("sysbench", "mariadb-binlog"), Tools.needed(Set.of(BenchOptions.Part.CDC)));
        assertEquals(List.of("sysbench", "pt-table-checksum"), Tools.needed(Set.of(BenchOptions.Part.VERIFY)));
        assertTrue(Tools.problem(List.of("pt-table-checksum")).endsWith("apt-get install -y percona-toolkit"));
    }

    @Test
    void shouldListEveryInvalidOptionAtOnce() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BenchOptions(0, 10, 0, 1, 2000, 1, 1, 100, 100, 4,
                Set.of(BenchOptions.Part.CDC), Path.of("out.json"), Path.of("work"), true));
        assertTrue(e.getMessage().contains("--tables must be at least 1"), e.getMessage());
        assertTrue(e.getMessage().contains("--table-size must be at least 100"), e.getMessage());
        assertTrue(e.getMessage().contains("--time must be at least 1"), e.getMessage());
    }

    @Test
    void shouldSpreadTheLiveRateOverNodesAsWriteOnlyTransactions() {
        BenchOptions o = new BenchOptions(4, 1000, 10, 10, 2000, 4, 2, 1000, 1000, 4, Set.of(BenchOptions.Part.CDC),
                Path.of("out.json"), Path.of("work"), true);
        assertEquals(500, o.liveTxPerSecond(1));
        assertEquals(250, o.liveTxPerSecond(2));
        assertTrue(o.commandLine().startsWith("./duplex bench --tables 4 --table-size 1000"), o.commandLine());
    }

    @Test
    void shouldReadATablesLineOfPtTableChecksumByItsHeader() {
        String out = """
                Checking if all tables can be checksummed ...
                Starting checksum ...
                            TS ERRORS  DIFFS     ROWS  DIFF_ROWS  CHUNKS SKIPPED    TIME TABLE
                11-22T03:10:02      0      0   200000          0      12       0   4.107 sbverify.sbtest10
                11-22T03:10:07      0      0  1000000          0      31       0  15.892 sbverify.sbtest1
                """;
        PtTableChecksum.Result r = PtTableChecksum.parse(out, "sbverify.sbtest1");
        assertEquals(new PtTableChecksum.Result(0, 0, 1_000_000, 31, 0, 15.892, "sbverify.sbtest1"), r);
        String older = """
                            TS ERRORS  DIFFS     ROWS  CHUNKS SKIPPED    TIME TABLE
                11-22T03:10:07      0      1      500       1       0   0.015 sbverify.sbtest1
                """;
        assertEquals(1, PtTableChecksum.parse(older, "sbverify.sbtest1").diffs());
        var e = assertThrows(BenchException.class, () -> PtTableChecksum.parse("Cannot connect to h=x", "db.t"));
        assertTrue(e.getMessage().contains("Cannot connect to h=x"), e.getMessage());
    }

    @Test
    void shouldNameWhatAStackWaitsFor() {
        List<StackKeys.Frame> socketRead = List.of(new StackKeys.Frame("sun.nio.ch.Net", "poll"),
                new StackKeys.Frame("sun.nio.ch.NioSocketImpl", "park"),
                new StackKeys.Frame("com.mysql.cj.protocol.ReadAheadInputStream", "fill"),
                new StackKeys.Frame("dev.duplex.apply.dml.RowApplier", "execute"));
        assertTrue(StackKeys.waitingOnNetwork(socketRead));
        assertEquals("MySQL JDBC driver", StackKeys.waitingFor(socketRead));
        assertEquals("RowApplier.execute", StackKeys.duplexCaller(socketRead));
        assertEquals("Jackson", StackKeys.library("com.fasterxml.jackson.core.json.UTF8StreamJsonParser"));
    }
}
