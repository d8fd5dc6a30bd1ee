package org.acme.manage.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** Resident set size of a process, from /proc/PID/status (Linux). */
public final class Rss {

    private Rss() {
    }

    /** VmRSS of the process in KiB, empty when the process is gone or the system has no /proc. */
    public static OptionalLong kib(long pid) {
        try {
            return parseVmRss(Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The VmRSS line of a /proc/PID/status text, such as {@code VmRSS:	  123456 kB}. */
    public static OptionalLong parseVmRss(List<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("VmRSS:")) {
                String[] words = line.substring("VmRSS:".length()).trim().split("\\s+");
                return OptionalLong.of(Long.parseLong(words[0]));
            }
        }
        return OptionalLong.empty();
    }
}
