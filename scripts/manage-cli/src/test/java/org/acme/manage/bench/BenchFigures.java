package org.acme.manage.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Everything one bench run measured, and how.
 *
 * @param date            when the run started (ISO-8601)
 * @param machine         cores, load averages and the like, as printed
 * @param quick           whether it was a --quick smoke run (figures not comparable)
 * @param settings        wrk and pgbench arguments, the service's java and JVM options
 * @param startups        startup series: launch to first 200 on GET /, in ms
 * @param rssIdleKib      service RSS after startup, before the load
 * @param rssAfterLoadKib service RSS after the wrk runs
 * @param get             GET /users/{id} (with --compare, the working tree's runs summed up)
 * @param post            POST /users
 * @param list            GET /users?page=N&size=20
 * @param keyset          GET /users?after=ID&size=20, following the Link header's rel="next"
 * @param pgSelect        pgbench, select by primary key
 * @param pgInsert        pgbench, single-row insert
 * @param pgList          pgbench, the list's own two queries (a page by offset and the count)
 * @param tracing         the same service with tracing on (--tracing), or null
 * @param comparison      the service of another commit against the working tree's (--compare), or null
 */
public record BenchFigures(String date, Map<String, String> machine, boolean quick, Map<String, String> settings,
        List<Startup> startups, long rssIdleKib, long rssAfterLoadKib, LoadRun get, LoadRun post, LoadRun list,
        LoadRun keyset, PgbenchResult pgSelect, PgbenchResult pgInsert, PgbenchResult pgList, Tracing tracing,
        Comparison comparison) {

    /**
     * The service built from another commit (A, the baseline) and from the working tree (B), measured in turns in
     * one run (A B B A for each request), each against a database of its own on the same server with the same seed.
     *
     * @param ref    the baseline as given (--compare REF)
     * @param commit the commit it named
     * @param loads  each request's runs, in the order get, post, list, keyset
     */
    public record Comparison(String ref, String commit, List<ComparedLoad> loads) {

        public Comparison {
            loads = List.copyOf(loads);
        }
    }

    /** One request's runs: the baseline's (A) and the working tree's (B), in the order they ran. */
    public record ComparedLoad(String request, List<LoadRun> baseline, List<LoadRun> candidate) {

        public ComparedLoad {
            baseline = List.copyOf(baseline);
            candidate = List.copyOf(candidate);
        }
    }

    /**
     * The service measured again with tracing on, exporting every span over OTLP to a sink on the same machine.
     *
     * @param startup         its startup series, launched as the last series of {@link #startups} (null with no
     *                        startup series)
     * @param rssIdleKib      RSS after startup, before the load
     * @param rssAfterLoadKib RSS after its wrk runs
     * @param load            the four wrk runs, in the order of get, post, list and keyset
     * @param exports         OTLP exports the sink received
     * @param exportedBytes   their bytes
     */
    public record Tracing(Startup startup, long rssIdleKib, long rssAfterLoadKib, List<LoadRun> load,
            long exports, long exportedBytes) {

        public Tracing {
            load = List.copyOf(load);
        }
    }

    /** One startup series: a label (which JVM, AOT cache or not) and the launch times in ms. */
    public record Startup(String label, List<Long> millis) {

        public Startup {
            millis = List.copyOf(millis);
        }

        public double medianMillis() {
            return median(millis).orElse(Double.NaN);
        }
    }

    public static OptionalDouble median(List<Long> values) {
        if (values.isEmpty()) {
            return OptionalDouble.empty();
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return OptionalDouble.of(sorted.size() % 2 == 1 ? sorted.get(middle)
                : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0);
    }
}
