package org.acme.manage.bench;

import java.util.List;

/**
 * One measured wrk run against the service, and what the bench read of the service around it.
 *
 * @param wrk                  what wrk measured
 * @param cpuMicrosPerRequest  the service's CPU time over the run (user and system, all its threads, from
 *                             /proc/PID/stat), in µs per request that wrk completed
 * @param rssAfterKib          the service's RSS at the end of the run
 * @param roundTripsPerRequest database round trips per request, counted on the wire in a pass of their own
 *                             ({@link RoundTripCounter}); NaN until counted
 */
public record LoadRun(WrkResult wrk, double cpuMicrosPerRequest, long rssAfterKib, double roundTripsPerRequest) {

    public LoadRun withRoundTrips(double perRequest) {
        return new LoadRun(wrk, cpuMicrosPerRequest, rssAfterKib, perRequest);
    }

    /**
     * Runs of one request summed up: the means of req/s, p50 and p99, requests and errors added up, the CPU per
     * request of all of them, the RSS after the last.
     */
    public static LoadRun mean(List<LoadRun> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs");
        }
        long requests = runs.stream().mapToLong(run -> run.wrk().requests()).sum();
        double cpuMicros = runs.stream().mapToDouble(run -> run.cpuMicrosPerRequest() * run.wrk().requests()).sum();
        WrkResult wrk = new WrkResult(runs.stream().mapToDouble(run -> run.wrk().requestsPerSecond()).average()
                .orElseThrow(), runs.stream().mapToDouble(run -> run.wrk().p50Millis()).average().orElseThrow(),
                runs.stream().mapToDouble(run -> run.wrk().p99Millis()).average().orElseThrow(), requests,
                runs.stream().mapToLong(run -> run.wrk().non2xx()).sum(),
                runs.stream().mapToLong(run -> run.wrk().socketErrors()).sum());
        LoadRun last = runs.get(runs.size() - 1);
        return new LoadRun(wrk, requests > 0 ? cpuMicros / requests : Double.NaN, last.rssAfterKib(),
                last.roundTripsPerRequest());
    }
}
