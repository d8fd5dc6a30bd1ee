package org.acme.manage.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The end of a log file, for an error message that says why a server did not start. */
public final class LogFiles {

    private LogFiles() {
    }

    /** The last {@code count} lines of {@code log}, or why there are none. */
    public static String tail(Path log, int count) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
