package dev.duplex.bench;

import dev.duplex.sandbox.MySqlServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * CPU time and peak resident memory of a process, from /proc (Linux). Used for the MariaDB
 * servers, whose threads the JVM cannot see.
 */
final class ProcessStats {
    /** USER_HZ: the unit of /proc/PID/stat times; 100 on every Linux the bench targets. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {}

    /** The process id of a server, from the pid file it names. */
    static long pidOf(MySqlServer server) {
        try (Connection c = server.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@pid_file")) {
            rs.next();
            return Long.parseLong(Files.readString(Path.of(rs.getString(1))).strip());
        } catch (SQLException | IOException | NumberFormatException e) {
            throw new BenchException("cannot find the process id of server " + server.name() + ": " + e.getMessage(), e);
        }
    }

    /** User plus system CPU seconds the process has used so far. */
    static double cpuSeconds(long pid) {
        try {
            return parseCpuSeconds(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException e) {
            throw new BenchException("cannot read /proc/" + pid + "/stat (the bench measures CPU on Linux only): "
                    + e.getMessage(), e);
        }
    }

    static double parseCpuSeconds(String stat) {
        // The command name may hold spaces and parentheses; the fields after the last ')' are fixed.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(f[11]);
        long stime = Long.parseLong(f[12]);
        return (utime + stime) / TICKS_PER_SECOND;
    }

    /** Peak resident set size in MiB (VmHWM); -1 when unknown. */
    static double peakRssMiB(long pid) {
        try {
            return parsePeakRssMiB(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException e) {
            return -1;
        }
    }

    static double parsePeakRssMiB(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }
}
