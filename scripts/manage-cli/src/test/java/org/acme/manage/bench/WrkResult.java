package org.acme.manage.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@code wrk --latency} run measured.
 *
 * @param requestsPerSecond the "Requests/sec" line
 * @param p50Millis         50 % of the latency distribution, in ms
 * @param p99Millis         99 % of the latency distribution, in ms
 * @param requests          requests completed
 * @param non2xx            responses with a status other than 2xx or 3xx
 * @param socketErrors      connect, read, write errors and timeouts together
 */
public record WrkResult(double requestsPerSecond, double p50Millis, double p99Millis, long requests, long non2xx,
        long socketErrors) {

    private static final Pattern RATE = Pattern.compile("(?m)^Requests/sec:\\s+([0-9.]+)");
    private static final Pattern REQUESTS = Pattern.compile("(?m)^\\s*(\\d+) requests in ");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    /** Errors of any kind: responses other than 2xx/3xx and socket errors. */
    public long errors() {
        return non2xx + socketErrors;
    }

    /** Parses the output of {@code wrk --latency}; fails when a figure is missing. */
    public static WrkResult parse(String output) {
        double rate = Double.parseDouble(find(RATE, output, "Requests/sec"));
        long requests = Long.parseLong(find(REQUESTS, output, "N requests in"));
        Matcher non2xx = NON_2XX.matcher(output);
        long badResponses = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
        Matcher socket = SOCKET_ERRORS.matcher(output);
        long socketErrors = 0;
        if (socket.find()) {
            for (int group = 1; group <= 4; group++) {
                socketErrors += Long.parseLong(socket.group(group));
            }
        }
        return new WrkResult(rate, percentile(output, "50"), percentile(output, "99"), requests, badResponses,
                socketErrors);
    }

    private static double percentile(String output, String percent) {
        int distribution = output.indexOf("Latency Distribution");
        if (distribution < 0) {
            throw new IllegalArgumentException("no 'Latency Distribution' in the wrk output (run it with --latency)");
        }
        Matcher matcher = Pattern.compile("(?m)^\\s*" + percent + "(?:\\.0+)?%\\s+([0-9.]+)(us|ms|s|m|h)\\s*$")
                .matcher(output);
        if (!matcher.find(distribution)) {
            throw new IllegalArgumentException("no " + percent + "% latency in the wrk output");
        }
        return toMillis(Double.parseDouble(matcher.group(1)), matcher.group(2));
    }

    /** wrk prints times with the units us, ms, s, m and h. */
    static double toMillis(double value, String unit) {
        return switch (unit) {
            case "us" -> value / 1000;
            case "ms" -> value;
            case "s" -> value * 1000;
            case "m" -> value * 60_000;
            case "h" -> value * 3_600_000;
            default -> throw new IllegalArgumentException("unknown time unit " + unit);
        };
    }

    private static String find(Pattern pattern, String output, String what) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no '" + what + "' in the wrk output");
        }
        return matcher.group(1);
    }
}
