package org.acme.config;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;

/**
 * The settings that application.properties pastes into text that configures the database connection: the JDBC URL
 * {@code jdbc:postgresql://${POSTGRES_HOSTNAME}:${POSTGRES_PORT}/${APPLICATION_DB}}, and the server options of every
 * connection ({@code -c statement_timeout=${POSTGRES_STATEMENT_TIMEOUT}}). Pasted text can say more than it should:
 * {@code app?socketFactory=...} adds URL parameters, {@code db,other} a second host, {@code 5s -c search_path=...}
 * another server setting. So the value that wins (system property, then environment, then the environment file) is
 * checked against what it may be, before anything connects, and refused with where it came from.
 */
final class ConnectionSettings {

    /**
     * The same rule as the management CLI's
     * {@code scripts/manage-cli/src/main/java/org/acme/manage/db/DatabaseName.java}: keep the two in step.
     */
    static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern HOST_NAME = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*");
    private static final Pattern IPV6_LITERAL = Pattern.compile("\\[[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*\\]");
    private static final int HOST_NAME_MAX_LENGTH = 253;
    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");
    /** PostgreSQL's own syntax for a time setting; without a unit, milliseconds. */
    private static final Pattern DURATION = Pattern.compile("(?:0|[1-9][0-9]{0,8})(?:us|ms|s|min|h|d)?");

    private static final String URL = "the JDBC URL";
    private static final String OPTIONS = "the options of every database connection";

    record Rule(String name, String what, String goesInto, Predicate<String> accepts, String allowed) {
    }

    static final List<Rule> RULES = List.of(
            new Rule("POSTGRES_HOSTNAME", "host", URL,
                    value -> value.length() <= HOST_NAME_MAX_LENGTH
                            && (HOST_NAME.matcher(value).matches() || IPV6_LITERAL.matcher(value).matches()),
                    "a host is a name or an IPv4 address (letters, digits, dots and hyphens, at most 253 characters) "
                            + "or an IPv6 address in brackets, such as [::1]"),
            new Rule("POSTGRES_PORT", "port", URL,
                    value -> PORT.matcher(value).matches() && Integer.parseInt(value) <= 65535,
                    "a port is a whole number from 1 to 65535"),
            new Rule("APPLICATION_DB", "database name", URL,
                    value -> DATABASE_NAME.matcher(value).matches(),
                    "a database name must be a letter or _ followed by letters, digits or _, at most 63 characters"),
            new Rule("POSTGRES_STATEMENT_TIMEOUT", "statement timeout", OPTIONS,
                    value -> DURATION.matcher(value).matches(),
                    "a statement timeout is a whole number with an optional unit (us, ms, s, min, h or d), such as "
                            + "5s or 500ms; 0 turns it off"));

    private static final int SHOWN_MAX_LENGTH = 80;

    private ConnectionSettings() {
    }

    /**
     * Checks the winning value of every {@link #RULES rule}; {@code file} (null when there is none) is the environment
     * file, whose source has {@code fileOrdinal}. A setting that is set nowhere (or set empty) is left to Quarkus:
     * only a datasource that uses it needs it (the test profile gets its URL whole).
     */
    static void check(ConfigSourceContext context, JsonConfigFile file, int fileOrdinal) {
        for (Rule rule : RULES) {
            ConfigValue outside = context.getValue(rule.name());
            // empty counts as not set, as it does for SmallRye Config and for the test database's choice
            boolean setOutside = outside != null && outside.getValue() != null && !outside.getValue().isEmpty();
            String value;
            String origin;
            if (setOutside && (outside.getConfigSourceOrdinal() > fileOrdinal || file == null
                    || !file.values().containsKey(rule.name()))) {
                value = outside.getValue();
                origin = origin(rule.name(), outside);
            } else if (file != null && file.values().containsKey(rule.name())) {
                value = file.values().get(rule.name());
                origin = file.path() + ": entry \"" + rule.name() + "\"";
            } else {
                continue;
            }
            if (!rule.accepts().test(value)) {
                throw new ConfigFileException(origin + ": refusing " + shown(value) + " as the " + rule.what()
                        + " (it goes into " + rule.goesInto() + "): " + rule.allowed());
            }
        }
    }

    private static String origin(String name, ConfigValue value) {
        String source = value.getConfigSourceName() == null ? "" : value.getConfigSourceName();
        if (source.startsWith("EnvConfigSource")) {
            return "environment variable " + name;
        }
        if (source.startsWith("SysPropConfigSource")) {
            return "system property " + name;
        }
        return name + " from " + source;
    }

    /** The value in quotes, cut short and with control characters escaped: it is shown in a log line. */
    private static String shown(String value) {
        StringBuilder shown = new StringBuilder("'");
        for (int i = 0; i < value.length() && i < SHOWN_MAX_LENGTH; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                shown.append(String.format("\\u%04x", (int) c));
            } else {
                shown.append(c);
            }
        }
        return shown.append(value.length() > SHOWN_MAX_LENGTH ? "...'" : "'").toString();
    }
}
