package org.acme.manage.db;

import java.util.regex.Pattern;

import org.acme.manage.ManageException;

/**
 * A database name taken from configuration. It ends up in SQL as an identifier, which cannot be a bind
 * parameter, so it is checked against a strict pattern and then quoted.
 */
public final class DatabaseName {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final String name;

    private DatabaseName(String name) {
        this.name = name;
    }

    /** @param origin where the name comes from, for the message */
    public static DatabaseName of(String name, String origin) {
        if (name == null || !SAFE.matcher(name).matches()) {
            throw new ManageException("refusing the database name '" + name + "' (" + origin + "): a database name "
                    + "must be a letter or _ followed by letters, digits or _, at most 63 characters. Nothing was "
                    + "executed.", ManageException.USAGE);
        }
        return new DatabaseName(name);
    }

    public String name() {
        return name;
    }

    /** The name as a quoted SQL identifier. */
    public String quoted() {
        return '"' + name + '"';
    }

    @Override
    public String toString() {
        return name;
    }
}
