package org.acme.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;

/**
 * The settings of the environment files that are checked when the configuration is read, so that a bad value is
 * refused naming where it came from (the file and its entry, or the environment variable), and before anything
 * connects: Quarkus's own messages name only the property it ends up in.
 * <p>
 * Most are pasted by application.properties into text that configures the database connection: the JDBC URL
 * {@code jdbc:postgresql://${POSTGRES_HOSTNAME}:${POSTGRES_PORT}/${APPLICATION_DB}}, the server options of every
 * connection ({@code -c statement_timeout=${POSTGRES_STATEMENT_TIMEOUT}}) and the driver's socket timeout
 * ({@code socketTimeout=${POSTGRES_SOCKET_TIMEOUT}}). Pasted text can say more than it should:
 * {@code app?socketFactory=...} adds URL parameters, {@code db,other} a second host, {@code 5s -c search_path=...}
 * another server setting. So the value that wins (system property, then environment, then the environment file) is
 * checked against what it may be, and refused with where it came from.
 * <p>
 * The socket timeout must also outlast the statement timeout: the server cancels a slow statement and the request
 * gets a "busy" 503 while the connection lives on; a client that gives up first throws the connection away instead,
 * and the request cannot tell a slow statement from a lost database.
 */
final class CheckedSettings {

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
    private static final Pattern DURATION = Pattern.compile("(0|[1-9][0-9]{0,8})(us|ms|s|min|h|d)?");
    /** pgjdbc's socketTimeout: whole seconds, at most a day. */
    private static final Pattern SECONDS = Pattern.compile("0|[1-9][0-9]{0,4}");
    private static final int SECONDS_MAX = 86_400;

    static final String STATEMENT_TIMEOUT = "POSTGRES_STATEMENT_TIMEOUT";
    static final String SOCKET_TIMEOUT = "POSTGRES_SOCKET_TIMEOUT";
    /** The defaults that application.properties gives both when they are set nowhere: keep them in step. */
    static final String DEFAULT_STATEMENT_TIMEOUT = "5s";
    static final String DEFAULT_SOCKET_TIMEOUT = "15";

    private static final Pattern POOL_SIZE = Pattern.compile("[1-9][0-9]{0,3}");
    /** pgjdbc's (and libpq's) TLS modes, weakest first. */
    static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    /** An absolute path whose characters mean nothing in a URL's query (no &, =, ?, #, %, + or space). */
    private static final Pattern ROOT_CERT_PATH = Pattern.compile("/[A-Za-z0-9._/-]{1,4095}");

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
            new Rule(STATEMENT_TIMEOUT, "statement timeout", OPTIONS,
                    value -> DURATION.matcher(value).matches(),
                    "a statement timeout is a whole number with an optional unit (us, ms, s, min, h or d), such as "
                            + "5s or 500ms; 0 turns it off"),
            new Rule(SOCKET_TIMEOUT, "socket timeout", "the JDBC driver's socketTimeout",
                    value -> SECONDS.matcher(value).matches() && Integer.parseInt(value) <= SECONDS_MAX,
                    "a socket timeout is a whole number of seconds without a unit, such as 15, at most 86400; "
                            + "0 turns it off"),
            new Rule("POSTGRES_SSLMODE", "TLS mode", URL,
                    SSL_MODES::contains,
                    "a TLS mode is one of " + String.join(", ", SSL_MODES) + " (verify-full in production: "
                            + "encrypted, and the server's certificate checked against POSTGRES_SSLROOTCERT and its "
                            + "host name)"),
            new Rule("POSTGRES_SSLROOTCERT", "root certificate's path", URL,
                    value -> ROOT_CERT_PATH.matcher(value).matches() && !value.contains(".."),
                    "a root certificate's path is absolute, of letters, digits, '.', '_', '-' and '/', without '..', "
                            + "such as /etc/postgresql-ca/root.crt"),
            new Rule("POSTGRES_POOL_MAX_SIZE", "pool size", "quarkus.datasource.jdbc.max-size",
                    value -> POOL_SIZE.matcher(value).matches(),
                    "a pool size is a whole number of connections from 1 to 9999"),
            new Rule("IDEMPOTENCY_KEY_TTL", "lifetime of an idempotency key", "idempotency.key-ttl",
                    CheckedSettings::isOneSecondOrMore,
                    "a lifetime is a duration of at least 1 s, such as 24h, 30m, 7d or PT12H"));

    /** A setting's winning value, and where it came from (for the message that refuses it). */
    record Setting(String value, String origin) {
    }

    private static final int SHOWN_MAX_LENGTH = 80;

    private CheckedSettings() {
    }

    /**
     * Checks the winning value of every {@link #RULES rule}; {@code file} (null when there is none) is the environment
     * file, whose source has {@code fileOrdinal}. A setting that is set nowhere (or set empty) is left to Quarkus:
     * only a datasource that uses it needs it (the test profile gets its URL whole). The two timeouts are then
     * compared, each with application.properties' default where it is set nowhere.
     */
    static void check(ConfigSourceContext context, JsonConfigFile file, int fileOrdinal) {
        Map<String, Setting> checked = new HashMap<>();
        for (Rule rule : RULES) {
            Setting setting = winning(context, file, fileOrdinal, rule.name());
            if (setting == null) {
                continue;
            }
            if (!rule.accepts().test(setting.value())) {
                throw new ConfigFileException(setting.origin() + ": refusing " + shown(setting.value()) + " as the "
                        + rule.what() + " (it goes into " + rule.goesInto() + "): " + rule.allowed());
            }
            checked.put(rule.name(), setting);
        }
        checkSocketOutlastsStatements(
                checked.getOrDefault(STATEMENT_TIMEOUT, new Setting(DEFAULT_STATEMENT_TIMEOUT, null)),
                checked.getOrDefault(SOCKET_TIMEOUT, new Setting(DEFAULT_SOCKET_TIMEOUT, null)));
    }

    /** The value that wins for {@code name}, or null when it is set nowhere (or set empty). */
    static Setting winning(ConfigSourceContext context, JsonConfigFile file, int fileOrdinal, String name) {
        ConfigValue outside = context.getValue(name);
        // empty counts as not set, as it does for SmallRye Config and for the test database's choice
        boolean setOutside = outside != null && outside.getValue() != null && !outside.getValue().isEmpty();
        if (setOutside && (outside.getConfigSourceOrdinal() > fileOrdinal || file == null
                || !file.values().containsKey(name))) {
            return new Setting(outside.getValue(), origin(name, outside));
        }
        if (file != null && file.values().containsKey(name)) {
            return new Setting(file.values().get(name), file.path() + ": entry \"" + name + "\"");
        }
        return null;
    }

    /**
     * Refuses a socket timeout that would end a statement before the statement timeout does. A setting with a null
     * origin is application.properties' default.
     */
    static void checkSocketOutlastsStatements(Setting statement, Setting socket) {
        long socketMillis = Long.parseLong(socket.value()) * 1000;
        long statementMillis = millis(statement.value());
        if (socketMillis == 0 || statementMillis != 0 && socketMillis > statementMillis) {
            return;
        }
        String socketSaid = socket.value() + " s (" + (socket.origin() == null ? "the default" : socket.origin())
                + ")";
        String statementSaid = statement.value() + " (" + (statement.origin() == null ? "the default"
                : statement.origin()) + ")";
        String where = socket.origin() != null ? socket.origin() : statement.origin();
        String problem = statementMillis == 0
                ? "the socket timeout of " + socketSaid + " would cut short the statements that a statement timeout "
                        + "of " + statementSaid + " lets run without limit; set " + SOCKET_TIMEOUT + " to 0 as well, "
                        + "or give both a limit"
                : "the socket timeout of " + socketSaid + " must be longer than the statement timeout of "
                        + statementSaid + ", so that PostgreSQL cancels a slow statement (a 503, the connection "
                        + "kept) before the driver gives up on the connection; raise " + SOCKET_TIMEOUT
                        + " or lower " + STATEMENT_TIMEOUT;
        throw new ConfigFileException(where + ": " + problem);
    }

    /** Quarkus's own duration syntax, as {@code idempotency.key-ttl} is converted. */
    private static boolean isOneSecondOrMore(String value) {
        try {
            return DurationConverter.parseDuration(value).compareTo(Duration.ofSeconds(1)) >= 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A {@link #DURATION} in milliseconds (PostgreSQL's unit when none is given). */
    private static long millis(String duration) {
        Matcher matcher = DURATION.matcher(duration);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(duration);
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        return switch (unit) {
            case "us" -> (amount + 999) / 1000;
            case "ms" -> amount;
            case "s" -> amount * 1000;
            case "min" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> amount * 86_400_000;
        };
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
