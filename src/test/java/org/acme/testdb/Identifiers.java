package org.acme.testdb;

import java.util.regex.Pattern;

/** PostgreSQL identifiers built from configuration: checked against a strict pattern, then quoted. */
final class Identifiers {

    private static final Pattern SAFE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private Identifiers() {
    }

    static String quote(String name) {
        if (name == null || !SAFE.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a safe database name: '" + name
                    + "' (use lower-case letters, digits and _, at most 63 characters, not starting with a digit)");
        }
        return '"' + name + '"';
    }
}
