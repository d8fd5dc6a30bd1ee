package org.acme.platform;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/**
 * The lines that the application under test logs (same JVM: {@code @QuarkusTest} only) while this is open, as
 * formatted messages, for a test that asserts what was, or was not, logged.
 */
public final class CapturedLog implements AutoCloseable {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record instanceof ExtLogRecord ext) {
                // the MDC of the thread that logs, now: the request's trace id, for one
                ext.copyMdc();
            }
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private CapturedLog() {
        handler.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(handler);
    }

    public static CapturedLog start() {
        return new CapturedLog();
    }

    /** Each line so far: its level, logger, message (parameters filled in) and its exception, if any. */
    public List<String> lines() {
        return records.stream().map(CapturedLog::line).toList();
    }

    /** Each record so far whose line (as {@link #lines()} gives it) matches, with the MDC it was logged with. */
    public List<ExtLogRecord> records(Predicate<String> line) {
        return records.stream().filter(record -> record instanceof ExtLogRecord && line.test(line(record)))
                .map(ExtLogRecord.class::cast).toList();
    }

    /** Waits until a line matches {@code line}; fails when none does within {@code patience}. */
    public String await(Predicate<String> line, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            for (String logged : lines()) {
                if (line.test(logged)) {
                    return logged;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no such line logged within " + patience + "; logged: " + lines());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
    }

    private static String line(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        Throwable thrown = record.getThrown();
        return record.getLevel() + " [" + record.getLoggerName() + "] " + message
                + (thrown == null ? "" : " " + thrown);
    }
}
