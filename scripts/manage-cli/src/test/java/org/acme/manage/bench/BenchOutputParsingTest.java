package org.acme.manage.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.acme.manage.harness.Rss;
import org.junit.jupiter.api.Test;

class BenchOutputParsingTest {

    static final String WRK = """
            Running 20s test @ http://127.0.0.1:46537
              2 threads and 32 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     4.12ms    2.01ms  35.60ms   85.12%
                Req/Sec     3.95k   412.33     4.80k    71.67%
              Latency Distribution
                 50%    3.71ms
                 75%    4.90ms
                 90%    6.53ms
                 99%   12.04ms
              157312 requests in 20.00s, 24.12MB read
              Non-2xx or 3xx responses: 3
            Requests/sec:   7866.39
            Transfer/sec:      1.21MB
            """;

    @Test
    void wrkLatencyOutput() {
        WrkResult result = WrkResult.parse(WRK);
        assertThat(result.requestsPerSecond()).isEqualTo(7866.39);
        assertThat(result.p50Millis()).isEqualTo(3.71);
        assertThat(result.p99Millis()).isEqualTo(12.04);
        assertThat(result.requests()).isEqualTo(157312);
        assertThat(result.non2xx()).isEqualTo(3);
        assertThat(result.socketErrors()).isZero();
        assertThat(result.errors()).isEqualTo(3);
    }

    @Test
    void wrkMicrosecondsSecondsAndSocketErrors() {
        String output = """
                Running 3s test @ http://127.0.0.1:8080/
                  2 threads and 32 connections
                  Thread Stats   Avg      Stdev     Max   +/- Stdev
                    Latency   900.00us    1.00ms   1.20s    99.00%
                    Req/Sec    20.00k     1.00k   22.00k    70.00%
                  Latency Distribution
                     50%  812.00us
                     75%    1.00ms
                     90%    2.00ms
                     99%    1.02s
                  120000 requests in 3.00s, 10.00MB read
                  Socket errors: connect 1, read 2, write 3, timeout 4
                Requests/sec:  40000.00
                Transfer/sec:      3.33MB
                """;
        WrkResult result = WrkResult.parse(output);
        assertThat(result.p50Millis()).isCloseTo(0.812, within(1e-9));
        assertThat(result.p99Millis()).isCloseTo(1020, within(1e-9));
        assertThat(result.non2xx()).isZero();
        assertThat(result.socketErrors()).isEqualTo(10);
    }

    @Test
    void wrkWithoutLatencyDistributionIsRefused() {
        String withoutLatency = WRK.replaceAll("(?s)  Latency Distribution.*?99%[^\\n]*\\n", "");
        assertThatThrownBy(() -> WrkResult.parse(withoutLatency)).hasMessageContaining("--latency");
        assertThatThrownBy(() -> WrkResult.parse("unable to connect to 127.0.0.1:1 Connection refused"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wrkTimeUnits() {
        assertThat(WrkResult.toMillis(2, "m")).isEqualTo(120_000);
        assertThat(WrkResult.toMillis(1, "h")).isEqualTo(3_600_000);
        assertThatThrownBy(() -> WrkResult.toMillis(1, "ns")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pgbench15Output() {
        PgbenchResult result = PgbenchResult.parse("""
                pgbench (15.18 (Debian 15.18-0+deb12u1), server 17.6)
                transaction type: /tmp/select.sql
                scaling factor: 1
                query mode: prepared
                number of clients: 32
                number of threads: 2
                maximum number of tries: 1
                duration: 20 s
                number of transactions actually processed: 589340
                number of failed transactions: 2 (0.000%)
                latency average = 1.085 ms
                initial connection time = 45.123 ms
                tps = 29467.012345 (without initial connection time)
                """);
        assertThat(result.tps()).isEqualTo(29467.012345);
        assertThat(result.transactions()).isEqualTo(589340);
        assertThat(result.failed()).isEqualTo(2);
        assertThat(result.latencyAverageMillis()).isEqualTo(1.085);
    }

    @Test
    void olderPgbenchTakesTheTpsWithoutConnectionTime() {
        PgbenchResult result = PgbenchResult.parse("""
                number of transactions actually processed: 1000
                tps = 1000.1 (including connections establishing)
                tps = 1010.2 (excluding connections establishing)
                """);
        assertThat(result.tps()).isEqualTo(1010.2);
        assertThat(result.failed()).isZero();
        assertThat(result.latencyAverageMillis()).isNaN();
        assertThatThrownBy(() -> PgbenchResult.parse("pgbench: error: connection refused"))
                .hasMessageContaining("tps");
    }

    @Test
    void rssFromProcStatus() {
        assertThat(Rss.parseVmRss(List.of("Name:\tjava", "VmPeak:\t 9999 kB", "VmRSS:\t  123456 kB", "VmData: 1 kB")))
                .hasValue(123456);
        assertThat(Rss.parseVmRss(List.of("Name:\tkthreadd"))).isEmpty();
        assertThat(Rss.kib(ProcessHandle.current().pid())).isPresent();
    }

    @Test
    void wrkCommandLine() {
        assertThat(BenchTest.wrkCommand("http://127.0.0.1:1", java.nio.file.Path.of("/s/get.lua"), 20, true,
                List.of("1", "10000")))
                .containsExactly("wrk", "-t2", "-c32", "-d20s", "--latency", "-s", "/s/get.lua", "http://127.0.0.1:1",
                        "--", "1", "10000");
    }
}
