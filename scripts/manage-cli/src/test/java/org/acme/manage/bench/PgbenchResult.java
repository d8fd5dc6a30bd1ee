package org.acme.manage.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one pgbench run measured.
 *
 * @param tps                  transactions per second, without the initial connection time
 * @param transactions         transactions processed
 * @param failed               failed transactions (pgbench 15 and later print them; 0 otherwise)
 * @param latencyAverageMillis the average latency, in ms (NaN when not printed)
 */
public record PgbenchResult(double tps, long transactions, long failed, double latencyAverageMillis) {

    // pgbench 14 and later: "tps = 123.4 (without initial connection time)";
    // older ones print an "including connections establishing" line first, then "excluding ...".
    private static final Pattern TPS_WITHOUT_CONNECTIONS = Pattern.compile(
            "(?m)^tps = ([0-9.]+) \\((?:without initial connection time|excluding connections establishing)\\)");
    private static final Pattern TPS_ANY = Pattern.compile("(?m)^tps = ([0-9.]+)");
    private static final Pattern TRANSACTIONS = Pattern.compile(
            "(?m)^number of transactions actually processed: (\\d+)");
    private static final Pattern FAILED = Pattern.compile("(?m)^number of failed transactions: (\\d+)");
    private static final Pattern LATENCY = Pattern.compile("(?m)^latency average = ([0-9.]+) ms");

    public static PgbenchResult parse(String output) {
        Matcher tps = TPS_WITHOUT_CONNECTIONS.matcher(output);
        if (!tps.find()) {
            tps = TPS_ANY.matcher(output);
            if (!tps.find()) {
                throw new IllegalArgumentException("no 'tps = ' line in the pgbench output");
            }
        }
        Matcher transactions = TRANSACTIONS.matcher(output);
        Matcher failed = FAILED.matcher(output);
        Matcher latency = LATENCY.matcher(output);
        return new PgbenchResult(Double.parseDouble(tps.group(1)),
                transactions.find() ? Long.parseLong(transactions.group(1)) : 0,
                failed.find() ? Long.parseLong(failed.group(1)) : 0,
                latency.find() ? Double.parseDouble(latency.group(1)) : Double.NaN);
    }
}
