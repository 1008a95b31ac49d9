package dev.duplex.bench;

import dev.duplex.sandbox.MySqlServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** sysbench 1.0 against one server: prepare tables, run a workload for a fixed time. */
final class Sysbench {
    static final String WRITE_ONLY = "oltp_write_only";
    static final String INSERT = "oltp_insert";

    private static final Pattern TRANSACTIONS = Pattern.compile("transactions:\\s+(\\d+)\\s+\\(([\\d.]+) per sec");
    private static final Pattern WRITES = Pattern.compile("write:\\s+(\\d+)");
    private static final Pattern IGNORED = Pattern.compile("ignored errors:\\s+(\\d+)");
    private static final Pattern TOTAL_TIME = Pattern.compile("total time:\\s+([\\d.]+)s");

    private final Commands commands;
    private final int tables;
    private final int tableSize;
    private final int threads;

    Sysbench(Commands commands, int tables, int tableSize, int threads) {
        this.commands = commands;
        this.tables = tables;
        this.tableSize = tableSize;
        this.threads = threads;
    }

    /** What sysbench reported for one run. */
    record Result(long transactions, double tps, long writes, long ignoredErrors, double seconds) {}

    void prepare(MySqlServer server, String database) {
        commands.secret(server.password());
        List<String> cmd = base(WRITE_ONLY, server, database);
        cmd.add("--threads=" + Math.max(1, Math.min(tables, threads)));
        cmd.add("prepare");
        commands.run("sysbench-prepare-" + server.name() + "-" + database, cmd, Map.of(),
                Duration.ofMinutes(30));
    }

    /** Starts a run; {@code txPerSecond} 0 means as fast as it goes. */
    Commands.Running start(MySqlServer server, String database, String workload, int seconds, int txPerSecond) {
        commands.secret(server.password());
        List<String> cmd = base(workload, server, database);
        cmd.addAll(List.of("--threads=" + threads, "--time=" + seconds, "--events=0", "--rate=" + txPerSecond,
                "--report-interval=0", "run"));
        return commands.start("sysbench-" + workload + "-" + server.name() + "-" + database, cmd, Map.of());
    }

    static Result await(Commands.Running run, int seconds) {
        return parse(run.await(Duration.ofSeconds(seconds + 120L)));
    }

    private List<String> base(String workload, MySqlServer server, String database) {
        return new ArrayList<>(List.of("sysbench", workload, "--db-driver=mysql", "--mysql-host=" + server.host(),
                "--mysql-port=" + server.port(), "--mysql-user=" + server.user(),
                "--mysql-password=" + server.password(), "--mysql-db=" + database, "--tables=" + tables,
                "--table-size=" + tableSize));
    }

    static Result parse(String output) {
        Matcher tx = TRANSACTIONS.matcher(output);
        if (!tx.find()) {
            throw new BenchException("sysbench printed no transaction count; its output ends with:\n"
                    + Commands.tail(output));
        }
        return new Result(Long.parseLong(tx.group(1)), Double.parseDouble(tx.group(2)), first(WRITES, output),
                first(IGNORED, output), firstDouble(TOTAL_TIME, output));
    }

    private static long first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static double firstDouble(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
