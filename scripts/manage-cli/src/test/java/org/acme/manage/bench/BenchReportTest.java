package org.acme.manage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class BenchReportTest {

    static BenchFigures figures(WrkResult get, long rssAfterKib, List<Long> jvmStartups) {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cores", "2");
        machine.put("load average before", "0.50, 0.60, 0.70");
        machine.put("load average after", "1.50, 0.90, 0.80");
        return new BenchFigures("2026-11-25T17:00:00Z", machine, false, Map.of("wrk", "wrk -t2 -c32"),
                List.of(new BenchFigures.Startup("JVM", jvmStartups),
                        new BenchFigures.Startup("JDK 25 + AOT cache", List.of(900L, 800L, 1000L))),
                100 * 1024, rssAfterKib, run(get),
                run(new WrkResult(2500, 5, 15, 50_000, 0, 0)),
                run(new WrkResult(1500, 10, 30, 30_000, 0, 0)),
                run(new WrkResult(2000, 6, 18, 40_000, 0, 0)),
                new PgbenchResult(10_000, 200_000, 0, 3.2),
                new PgbenchResult(5_000, 100_000, 0, 6.4),
                new PgbenchResult(3_000, 60_000, 0, 10), null, null);
    }

    /** A run that cost 250 µs of CPU per request and 3 round trips, the service at 200 MiB after it. */
    static LoadRun run(WrkResult wrk) {
        return new LoadRun(wrk, 250, 200 * 1024, 3);
    }

    static final WrkResult GOOD_GET = new WrkResult(4000, 4, 12, 80_000, 0, 0);

    @Test
    void ratiosAgainstTheSameRunsPgbench() {
        BenchReport report = new BenchReport(figures(GOOD_GET, 140 * 1024, List.of(1400L, 1300L, 2000L, 1350L, 1450L)));
        List<BenchReport.LoadRow> rows = report.loadRows();
        assertThat(rows).extracting(BenchReport.LoadRow::name)
                .containsExactly("GET /users/{id}", "POST /users", "GET /users?page=N&size=20",
                        "GET /users?after=ID&size=20");
        assertThat(rows.get(0).ratio()).isEqualTo(0.40);
        assertThat(rows.get(1).ratio()).isEqualTo(0.50);
        assertThat(rows.get(2).ratio()).isEqualTo(0.15);
        assertThat(rows.get(3).ratio()).as("the keyset list against pgbench's select by id").isEqualTo(0.20);
        assertThat(rows).allMatch(BenchReport.LoadRow::met);
        assertThat(report.otherRows().get(0).value()).isEqualTo("1400 ms");
        assertThat(report.otherRows().get(0).met()).as("the plain JVM is for comparison").isNull();
        assertThat(report.otherRows().get(1).met()).as("the image's JVM, with its AOT cache, is judged").isTrue();
        assertThat(report.allMet()).isTrue();
    }

    @Test
    void aMissedRatioLatencyErrorOrMemoryTargetIsReported() {
        assertThat(row0(new WrkResult(2000, 4, 12, 1, 0, 0)).met()).as("20 % < 30 %").isFalse();
        assertThat(row0(new WrkResult(4000, 4, 25, 1, 0, 0)).met()).as("p99 25 ms").isFalse();
        assertThat(row0(new WrkResult(4000, 4, 12, 1, 1, 0)).met()).as("one non-2xx").isFalse();
        assertThat(row0(new WrkResult(4000, 4, 12, 1, 0, 1)).met()).as("one socket error").isFalse();
        BenchReport heavy = new BenchReport(figures(GOOD_GET, 200 * 1024, List.of(1000L)));
        assertThat(heavy.allMet()).isFalse();
        assertThat(heavy.consoleTable()).contains("RSS after the load").contains("200 MiB").contains("NO");
    }

    private static BenchReport.LoadRow row0(WrkResult get) {
        return new BenchReport(figures(get, 100 * 1024, List.of(1000L))).loadRows().get(0);
    }

    @Test
    void aSlowStartupOfTheShippedJvmIsAMissedTarget() {
        BenchFigures base = figures(GOOD_GET, 100 * 1024, List.of(900L));
        BenchFigures slow = new BenchFigures(base.date(), base.machine(), false, base.settings(),
                List.of(new BenchFigures.Startup("JVM", List.of(900L)),
                        new BenchFigures.Startup("JDK 25 + AOT cache", List.of(1600L))),
                base.rssIdleKib(), base.rssAfterLoadKib(), base.get(), base.post(), base.list(), base.keyset(),
                base.pgSelect(), base.pgInsert(), base.pgList(), null, null);

        assertThat(new BenchReport(slow).otherRows().get(1).met()).isFalse();
        assertThat(new BenchReport(slow).allMet()).isFalse();
    }

    @Test
    void medianOfStartups() {
        assertThat(BenchFigures.median(List.of(5L, 1L, 3L))).hasValue(3);
        assertThat(BenchFigures.median(List.of(4L, 1L, 3L, 2L))).hasValue(2.5);
        assertThat(BenchFigures.median(List.of())).isEmpty();
    }

    @Test
    void writesJsonMarkdownAndSvg(@TempDir Path dir) throws Exception {
        BenchReport report = new BenchReport(figures(new WrkResult(2000, 4, 25, 1, 2, 0), 140 * 1024,
                List.of(1000L)));
        report.writeTo(dir);

        JsonNode json = new ObjectMapper().readTree(dir.resolve("bench.json").toFile());
        assertThat(json.get("load")).hasSize(4);
        assertThat(json.get("load").get(0).get("ratio").asDouble()).isEqualTo(0.2);
        assertThat(json.get("load").get(0).get("pgbenchTps").asDouble()).isEqualTo(10_000);
        assertThat(json.get("load").get(0).get("non2xx").asLong()).isEqualTo(2);
        assertThat(json.get("load").get(0).get("cpuMicrosPerRequest").asDouble()).isEqualTo(250);
        assertThat(json.get("load").get(0).get("roundTripsPerRequest").asDouble()).isEqualTo(3);
        assertThat(json.get("load").get(0).get("rssAfterKib").asLong()).isEqualTo(200 * 1024);
        assertThat(json.get("load").get(0).get("met").asBoolean()).isFalse();
        assertThat(json.get("load").get(2).get("p99TargetMillis").isNull()).isTrue();
        assertThat(json.get("startup").get(1).get("medianMillis").asDouble()).isEqualTo(900);
        assertThat(json.get("rssAfterLoadKib").asLong()).isEqualTo(140 * 1024);
        assertThat(json.get("machine").get("cores").asText()).isEqualTo("2");
        assertThat(json.get("allTargetsMet").asBoolean()).isFalse();
        assertThat(json.get("listOwnQueries").get("serviceRatio").asDouble()).isEqualTo(0.5);
        assertThat(json.get("keysetList").get("requestsPerSecond").asDouble()).isEqualTo(2000);
        assertThat(json.get("keysetList").get("shareOfGetById").asDouble()).as("2000 of 2000 req/s").isEqualTo(1.0);
        assertThat(json.get("keysetList").get("shareOfPgbenchSelect").asDouble()).isEqualTo(0.2);

        String markdown = Files.readString(dir.resolve("bench.md"));
        assertThat(markdown).contains("| `GET /users/{id}` | 2000 | 4.00 ms | 25.00 ms | 2 | 250 µs | 3.00 | 200 MiB "
                + "| 10000 tps (select by id) | 20 % | ≥ 30 %, p99 ≤ 20 ms, 0 errors | **no** |");
        assertThat(markdown).contains("2 cores shared by wrk, the service and PostgreSQL (load average 0.50, 0.60, 0.70");
        assertThat(markdown).contains("| RSS after the load | 140 MiB | ≤ 150 MiB | yes |");
        assertThat(markdown).contains("run by pgbench alone: 3000 tps; the service's list reaches 50 % of that.");
        assertThat(markdown).contains("| `GET /users?after=ID&size=20` | 2000 | 6.00 ms | 18.00 ms | 0 | 250 µs | 3.00 "
                + "| 200 MiB | 10000 tps (select by id) | 20 % | ≥ 15 %, 0 errors | yes |");
        assertThat(markdown).contains("The keyset list (GET /users?after=ID&size=20, following Link rel=\"next\") "
                + "reaches 2000 req/s: 100 % of GET /users/{id} (2000 req/s) and 20 % of pgbench's select by id "
                + "(10000 tps).");

        String svg = Files.readString(dir.resolve("bench.svg"));
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(document.getElementsByTagName("line").getLength()).as("one target marker per request").isEqualTo(4);
        assertThat(svg).contains("20 % of 10000 tps").contains("GET /users?page=N&amp;size=20").contains("#c62828")
                .contains("GET /users?after=ID&amp;size=20");
    }

    @Test
    void quickRunsSayTheyAreNotComparable() {
        BenchFigures quick = figures(GOOD_GET, 1, List.of(1L));
        quick = new BenchFigures(quick.date(), quick.machine(), true, quick.settings(), quick.startups(),
                quick.rssIdleKib(), quick.rssAfterLoadKib(), quick.get(), quick.post(), quick.list(), quick.keyset(),
                quick.pgSelect(),
                quick.pgInsert(), null, null, null);
        assertThat(new BenchReport(quick).markdown()).contains("not comparable");
        assertThat(new BenchReport(quick).svg()).contains("not comparable");
    }

    @Test
    void withoutTracingThereIsNoTracingTable() {
        BenchReport report = new BenchReport(figures(GOOD_GET, 140 * 1024, List.of(1000L)));

        assertThat(report.tracingRows()).isEmpty();
        assertThat(report.markdown()).doesNotContain("tracing on");
        assertThat(report.json()).doesNotContainKey("tracing");
    }

    @Test
    void tracingIsSetBesideTheSameRunWithoutIt() {
        BenchFigures off = figures(GOOD_GET, 140 * 1024, List.of(1000L));
        BenchFigures on = new BenchFigures(off.date(), off.machine(), false, off.settings(), off.startups(),
                off.rssIdleKib(), off.rssAfterLoadKib(), off.get(), off.post(), off.list(), off.keyset(),
                off.pgSelect(), off.pgInsert(), off.pgList(),
                new BenchFigures.Tracing(new BenchFigures.Startup("JDK 25 + AOT cache", List.of(1000L, 1100L, 1200L)),
                        110 * 1024, 160 * 1024, List.of(run(new WrkResult(3000, 5, 16, 60_000, 0, 0)),
                                run(new WrkResult(2000, 6, 20, 40_000, 0, 0)),
                                run(new WrkResult(1200, 11, 33, 24_000, 0, 0)),
                                run(new WrkResult(1800, 7, 19, 36_000, 0, 0))), 42, 1_000_000), null);
        BenchReport report = new BenchReport(on);

        List<String[]> rows = report.tracingRows();
        assertThat(rows).extracting(row -> row[0]).containsExactly(
                "startup, JDK 25 + AOT cache (median of 3)", "RSS idle", "RSS after the load",
                "GET /users/{id}, req/s (p99)", "POST /users, req/s (p99)", "GET /users?page=N&size=20, req/s (p99)",
                "GET /users?after=ID&size=20, req/s (p99)");
        assertThat(rows.get(0)).containsExactly("startup, JDK 25 + AOT cache (median of 3)", "900 ms", "1100 ms",
                "+22 %");
        assertThat(rows.get(2)).containsExactly("RSS after the load", "140 MiB", "160 MiB", "+20 MiB");
        assertThat(rows.get(3)).containsExactly("GET /users/{id}, req/s (p99)", "4000 (12.0 ms)", "3000 (16.0 ms)",
                "-25 %");
        assertThat(report.markdown()).contains("| figure | tracing off | tracing on | change |")
                .contains("| POST /users, req/s (p99) | 2500 (15.0 ms) | 2000 (20.0 ms) | -20 % |")
                .contains("42 OTLP exports (977 KiB)");
        assertThat(report.consoleTable()).contains("tracing on");
        JsonNode json = new ObjectMapper().valueToTree(report.json());
        assertThat(json.get("tracing").get("load").get(1).get("requestsPerSecond").asDouble()).isEqualTo(2000);
        assertThat(json.get("tracing").get("startupMedianMillis").asDouble()).isEqualTo(1100);
        assertThat(json.get("tracing").get("exports").asLong()).isEqualTo(42);
    }

    @Test
    void aComparisonShowsEveryRunOfBothSidesAndTheRatiosOfTheirMeans() {
        BenchFigures base = figures(GOOD_GET, 140 * 1024, List.of(1000L));
        List<BenchFigures.ComparedLoad> loads = new java.util.ArrayList<>();
        for (String request : List.of("GET /users/{id}", "POST /users", "GET /users?page=N&size=20",
                "GET /users?after=ID&size=20")) {
            loads.add(new BenchFigures.ComparedLoad(request,
                    List.of(new LoadRun(new WrkResult(4000, 4, 12, 40_000, 0, 0), 200, 200 * 1024, 3),
                            new LoadRun(new WrkResult(6000, 4, 8, 60_000, 0, 0), 300, 210 * 1024, 3)),
                    List.of(new LoadRun(new WrkResult(4500, 4, 10, 45_000, 0, 0), 220, 220 * 1024, 4),
                            new LoadRun(new WrkResult(5500, 4, 10, 55_000, 0, 0), 220, 230 * 1024, 4))));
        }
        BenchReport report = new BenchReport(new BenchFigures(base.date(), base.machine(), false, base.settings(),
                base.startups(), base.rssIdleKib(), base.rssAfterLoadKib(), base.get(), base.post(), base.list(),
                base.keyset(), base.pgSelect(), base.pgInsert(), base.pgList(), null,
                new BenchFigures.Comparison("main", "0123456789abcdef0123456789abcdef01234567", loads)));

        List<String[]> rows = report.comparisonRows();
        assertThat(rows).hasSize(20);
        assertThat(rows.get(0)).containsExactly("GET /users/{id}, req/s", "4000, 6000", "4500, 5500", "1.00");
        assertThat(rows.get(1)).containsExactly("p99", "12.0, 8.0 ms", "10.0, 10.0 ms", "1.00");
        assertThat(rows.get(2)).as("CPU per request: 220 against 260 µs over A's 100,000 requests")
                .containsExactly("CPU/request", "200, 300 µs", "220, 220 µs", "0.85");
        assertThat(rows.get(3)).containsExactly("DB round trips/request", "3.00", "4.00", "1.33");
        assertThat(rows.get(4)).as("after the last runs").containsExactly("RSS after", "200, 210 MiB", "220, 230 MiB",
                "1.10");
        assertThat(report.markdown()).contains("| figure | A: main (01234567) | B: working tree | B/A |")
                .contains("| POST /users, req/s | 4000, 6000 | 4500, 5500 | 1.00 |")
                .contains("each request ran A B B A");
        assertThat(report.consoleTable()).contains("A: main (01234567)");
        JsonNode json = new ObjectMapper().valueToTree(report.json());
        JsonNode get = json.get("comparison").get("load").get(0);
        assertThat(json.get("comparison").get("baselineCommit").asText()).startsWith("01234567");
        assertThat(get.get("baseline")).hasSize(2);
        assertThat(get.get("candidate").get(1).get("cpuMicrosPerRequest").asDouble()).isEqualTo(220);
        assertThat(get.get("ratioBtoA").get("cpuMicrosPerRequest").asDouble()).isEqualTo(0.85);
        assertThat(get.get("ratioBtoA").get("roundTripsPerRequest").asDouble()).isEqualTo(1.33);
    }

    @Test
    void withoutAComparisonThereIsNoComparisonTable() {
        BenchReport report = new BenchReport(figures(GOOD_GET, 140 * 1024, List.of(1000L)));

        assertThat(report.comparisonRows()).isEmpty();
        assertThat(report.markdown()).doesNotContain("B/A");
        assertThat(report.json()).doesNotContainKey("comparison");
    }

    @Test
    void runsSummedUpWeighTheirCpuByTheirRequests() {
        LoadRun mean = LoadRun.mean(List.of(new LoadRun(new WrkResult(1000, 2, 10, 10_000, 1, 0), 100, 100, 2),
                new LoadRun(new WrkResult(3000, 4, 20, 30_000, 0, 2), 200, 300, 2)));

        assertThat(mean.wrk()).isEqualTo(new WrkResult(2000, 3, 15, 40_000, 1, 2));
        assertThat(mean.cpuMicrosPerRequest()).isEqualTo(175);
        assertThat(mean.rssAfterKib()).as("after the last").isEqualTo(300);
    }

    @Test
    void aFigureNotMeasuredIsShownAsSuch() {
        assertThat(BenchReport.cpu(0)).isEqualTo("n/a");
        assertThat(BenchReport.roundTrips(Double.NaN)).isEqualTo("n/a");
        assertThat(BenchReport.ratio(1, 0)).isEqualTo("n/a");
    }
}
