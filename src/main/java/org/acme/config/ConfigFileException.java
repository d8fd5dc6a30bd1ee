package org.acme.config;

/**
 * A configuration file that cannot be used. The message always names the file and, where there is one,
 * the entry at fault, so that it can be shown to the user as it is.
 */
public class ConfigFileException extends RuntimeException {

    public ConfigFileException(String message) {
        super(message);
    }

    public ConfigFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
