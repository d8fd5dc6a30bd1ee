package org.acme.manage.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The CPU time a process has used, user and system, from /proc/PID/stat (Linux), in clock ticks. */
public final class CpuTime {

    /**
     * USER_HZ, the unit of /proc/PID/stat's times: 100 on every Linux architecture that this project runs on
     * (sysconf(_SC_CLK_TCK), which Java cannot call).
     */
    public static final int TICKS_PER_SECOND = 100;

    private CpuTime() {
    }

    /** utime + stime of the process (all its threads, those that ended too), empty when it is gone. */
    public static OptionalLong ticks(long pid) {
        try {
            return OptionalLong.of(parseStat(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * utime + stime (fields 14 and 15) of a /proc/PID/stat line. The command name, field 2, is in parentheses and may
     * hold spaces and parentheses itself: the fields are counted from the last ')'.
     */
    public static long parseStat(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (the state)
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
