package org.acme.manage;

/** A failure to report to the user as one clear message, without a stack trace. */
public class ManageException extends RuntimeException {

    /** Exit code for a bad invocation or configuration, as picocli uses for usage errors. */
    public static final int USAGE = 2;

    private final int exitCode;

    public ManageException(String message) {
        this(message, 1);
    }

    public ManageException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public ManageException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = 1;
    }

    public int exitCode() {
        return exitCode;
    }
}
