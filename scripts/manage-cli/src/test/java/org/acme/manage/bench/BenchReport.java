package org.acme.manage.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The figures of a run set against the targets: each service throughput as a ratio of PostgreSQL's own limit
 * measured by pgbench in the same run, latencies, errors, startup and memory.
 */
public final class BenchReport {

    /** The targets of issue 6, for 2 cores shared by wrk, the service and PostgreSQL. */
    public static final double GET_RATIO_TARGET = 0.30;
    public static final double POST_RATIO_TARGET = 0.40;
    public static final double LIST_RATIO_TARGET = 0.15;
    /** The keyset page reads 21 rows by the primary key and no count: held to at least the offset list's target. */
    public static final double KEYSET_RATIO_TARGET = LIST_RATIO_TARGET;
    public static final double P99_TARGET_MILLIS = 20;
    public static final double STARTUP_TARGET_MILLIS = 1500;
    public static final long RSS_TARGET_KIB = 150 * 1024;

    /**
     * One line of a load table.
     *
     * @param name        the request
     * @param run         what the service did under wrk's load
     * @param limitName   the pgbench script it is compared to
     * @param limit       pgbench tps
     * @param ratio       service / limit
     * @param ratioTarget the lowest acceptable ratio
     * @param p99Target   the highest acceptable p99 in ms, NaN when there is none
     */
    public record LoadRow(String name, LoadRun run, String limitName, PgbenchResult limit, double ratio,
            double ratioTarget, double p99Target) {

        public WrkResult service() {
            return run.wrk();
        }

        public boolean met() {
            return ratio >= ratioTarget && (Double.isNaN(p99Target) || service().p99Millis() <= p99Target)
                    && service().errors() == 0;
        }
    }

    /**
     * A figure that is not a ratio: startup, memory.
     *
     * @param name   what it is
     * @param value  its value, formatted with its unit
     * @param target the target, formatted
     * @param met    whether the target is met; null when the figure has no target of its own
     */
    public record OtherRow(String name, String value, String target, Boolean met) {
    }

    static final String KEYSET_REQUEST = "GET /users?after=ID&size=20";

    private final BenchFigures figures;

    public BenchReport(BenchFigures figures) {
        this.figures = figures;
    }

    public BenchFigures figures() {
        return figures;
    }

    /** Writes bench.json, bench.md and bench.svg into {@code dir}. */
    public void writeTo(Path dir) throws IOException {
        Files.writeString(dir.resolve("bench.json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(json()) + "\n");
        Files.writeString(dir.resolve("bench.md"), markdown());
        Files.writeString(dir.resolve("bench.svg"), svg());
    }

    public List<LoadRow> loadRows() {
        return List.of(
                row("GET /users/{id}", figures.get(), "select by id", figures.pgSelect(), GET_RATIO_TARGET,
                        P99_TARGET_MILLIS),
                row("POST /users", figures.post(), "insert", figures.pgInsert(), POST_RATIO_TARGET,
                        P99_TARGET_MILLIS),
                row("GET /users?page=N&size=20", figures.list(), "select by id", figures.pgSelect(),
                        LIST_RATIO_TARGET, Double.NaN),
                row(KEYSET_REQUEST, figures.keyset(), "select by id", figures.pgSelect(), KEYSET_RATIO_TARGET,
                        Double.NaN));
    }

    private static LoadRow row(String name, LoadRun run, String limitName, PgbenchResult limit,
            double ratioTarget, double p99Target) {
        double ratio = limit.tps() > 0 ? run.wrk().requestsPerSecond() / limit.tps() : Double.NaN;
        return new LoadRow(name, run, limitName, limit, ratio, ratioTarget, p99Target);
    }

    /**
     * Startup and memory. The startup target applies to the last series, the JVM that docker/Dockerfile.jvm ships
     * (JDK 25 with its AOT cache, when there is one); the others are there to compare.
     */
    public List<OtherRow> otherRows() {
        List<OtherRow> rows = new ArrayList<>();
        List<BenchFigures.Startup> startups = figures.startups();
        for (int i = 0; i < startups.size(); i++) {
            BenchFigures.Startup startup = startups.get(i);
            double median = startup.medianMillis();
            boolean judged = i == startups.size() - 1;
            rows.add(new OtherRow("startup, " + startup.label() + " (median of " + startup.millis().size() + ")",
                    format("%.0f ms", median), judged ? "≤ 1500 ms" : "(for comparison)",
                    judged ? median <= STARTUP_TARGET_MILLIS : null));
        }
        rows.add(new OtherRow("RSS idle", mib(figures.rssIdleKib()), "(for comparison)", null));
        rows.add(new OtherRow("RSS after the load", mib(figures.rssAfterLoadKib()), "≤ 150 MiB",
                figures.rssAfterLoadKib() > 0 && figures.rssAfterLoadKib() <= RSS_TARGET_KIB));
        return rows;
    }

    /**
     * The same service with tracing off and on (--tracing), measured in one run: figure, off, on, change. The off
     * column is the run's judged startup series and its service under load; empty without --tracing.
     */
    public List<String[]> tracingRows() {
        BenchFigures.Tracing tracing = figures.tracing();
        if (tracing == null) {
            return List.of();
        }
        List<String[]> rows = new ArrayList<>();
        List<BenchFigures.Startup> startups = figures.startups();
        if (tracing.startup() != null && !startups.isEmpty()) {
            BenchFigures.Startup off = startups.get(startups.size() - 1);
            rows.add(new String[] {"startup, " + off.label() + " (median of " + off.millis().size() + ")",
                    format("%.0f ms", off.medianMillis()), format("%.0f ms", tracing.startup().medianMillis()),
                    change(tracing.startup().medianMillis(), off.medianMillis())});
        }
        rows.add(new String[] {"RSS idle", mib(figures.rssIdleKib()), mib(tracing.rssIdleKib()),
                mibChange(figures.rssIdleKib(), tracing.rssIdleKib())});
        rows.add(new String[] {"RSS after the load", mib(figures.rssAfterLoadKib()), mib(tracing.rssAfterLoadKib()),
                mibChange(figures.rssAfterLoadKib(), tracing.rssAfterLoadKib())});
        List<LoadRow> off = loadRows();
        for (int i = 0; i < off.size() && i < tracing.load().size(); i++) {
            WrkResult without = off.get(i).service();
            WrkResult with = tracing.load().get(i).wrk();
            rows.add(new String[] {off.get(i).name() + ", req/s (p99)", throughput(without), throughput(with),
                    change(with.requestsPerSecond(), without.requestsPerSecond())});
        }
        return rows;
    }

    private String tracingNote() {
        BenchFigures.Tracing tracing = figures.tracing();
        return format("Tracing on: the same service with OTEL_EXPORTER_OTLP_ENDPOINT set, every span exported "
                + "(http/protobuf, batches) to a sink on this machine, which received %d OTLP exports (%.0f KiB).",
                tracing.exports(), tracing.exportedBytes() / 1024.0);
    }

    /**
     * With --compare: for each request, req/s, p99, CPU per request, round trips per request and RSS after the run,
     * each run of the baseline (A) and of the working tree (B), and the ratio B/A of the runs summed up
     * ({@link LoadRun#mean}). Empty without.
     */
    public List<String[]> comparisonRows() {
        BenchFigures.Comparison comparison = figures.comparison();
        if (comparison == null) {
            return List.of();
        }
        List<String[]> rows = new ArrayList<>();
        for (BenchFigures.ComparedLoad load : comparison.loads()) {
            List<LoadRun> a = load.baseline();
            List<LoadRun> b = load.candidate();
            rows.add(compared(load.request() + ", req/s", a, b, run -> run.wrk().requestsPerSecond(), "%.0f", ""));
            rows.add(compared("p99", a, b, run -> run.wrk().p99Millis(), "%.1f", " ms"));
            rows.add(compared("CPU/request", a, b, LoadRun::cpuMicrosPerRequest, "%.0f", " µs"));
            rows.add(new String[] {"DB round trips/request", roundTrips(a.get(0).roundTripsPerRequest()),
                    roundTrips(b.get(0).roundTripsPerRequest()),
                    ratio(b.get(0).roundTripsPerRequest(), a.get(0).roundTripsPerRequest())});
            rows.add(compared("RSS after", a, b, run -> run.rssAfterKib() / 1024.0, "%.0f", " MiB"));
        }
        return rows;
    }

    private static String[] compared(String name, List<LoadRun> a, List<LoadRun> b,
            ToDoubleFunction<LoadRun> figure, String pattern, String unit) {
        return new String[] {name, runs(a, figure, pattern) + unit, runs(b, figure, pattern) + unit,
                ratio(figure.applyAsDouble(LoadRun.mean(b)), figure.applyAsDouble(LoadRun.mean(a)))};
    }

    private static String runs(List<LoadRun> runs, ToDoubleFunction<LoadRun> figure,
            String pattern) {
        return String.join(", ", runs.stream().map(run -> format(pattern, figure.applyAsDouble(run))).toList());
    }

    /** B/A, two decimals. */
    static String ratio(double b, double a) {
        return a > 0 && b >= 0 && !Double.isInfinite(b) ? format("%.2f", b / a) : "n/a";
    }

    private String[] comparisonHeader() {
        BenchFigures.Comparison comparison = figures.comparison();
        return new String[] {"figure", "A: " + comparison.ref() + " (" + comparison.commit().substring(0, 8) + ")",
                "B: working tree", "B/A"};
    }

    private String comparisonNote() {
        BenchFigures.Comparison comparison = figures.comparison();
        return format("A is the service built from %s (%s), B from the working tree; each request ran A B B A "
                + "(each side's runs listed in order), each side on its own database seeded alike, the users that "
                + "POST added deleted after each run. B/A compares the runs summed up (means; CPU per request over "
                + "all requests; the RSS after the last run). The tables above are B's.",
                comparison.ref(), comparison.commit());
    }

    public boolean allMet() {
        return loadRows().stream().allMatch(LoadRow::met)
                && otherRows().stream().allMatch(row -> row.met() == null || row.met());
    }

    /** The table for the console, aligned. */
    public String consoleTable() {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"request", "service req/s", "p50", "p99", "errors", "CPU/request",
                "DB round trips/request", "RSS after", "PostgreSQL alone (pgbench)", "ratio", "target", "met"});
        for (LoadRow row : loadRows()) {
            lines.add(new String[] {row.name(), format("%.0f", row.service().requestsPerSecond()),
                    format("%.2f ms", row.service().p50Millis()), format("%.2f ms", row.service().p99Millis()),
                    String.valueOf(row.service().errors()), cpu(row.run().cpuMicrosPerRequest()),
                    roundTrips(row.run().roundTripsPerRequest()), mib(row.run().rssAfterKib()),
                    format("%.0f tps (%s)", row.limit().tps(), row.limitName()), percent(row.ratio()), target(row),
                    row.met() ? "yes" : "NO"});
        }
        StringBuilder out = new StringBuilder(align(lines));
        listNote().ifPresent(note -> out.append(note).append('\n'));
        out.append(keysetNote()).append('\n');
        out.append('\n');
        List<String[]> others = new ArrayList<>();
        others.add(new String[] {"figure", "value", "target", "met"});
        for (OtherRow row : otherRows()) {
            others.add(new String[] {row.name(), row.value(), row.target(), metText(row.met())});
        }
        out.append(align(others));
        if (figures.comparison() != null) {
            List<String[]> comparison = new ArrayList<>();
            comparison.add(comparisonHeader());
            comparison.addAll(comparisonRows());
            out.append('\n').append(align(comparison)).append(comparisonNote()).append('\n');
        }
        if (figures.tracing() != null) {
            List<String[]> tracing = new ArrayList<>();
            tracing.add(new String[] {"figure", "tracing off", "tracing on", "change"});
            tracing.addAll(tracingRows());
            out.append('\n').append(align(tracing)).append(tracingNote()).append('\n');
        }
        return out.toString();
    }

    /** The report as Markdown: one table of ratios, one of the other figures, and how they were taken. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark: the service against PostgreSQL's own limit\n\n");
        md.append(context()).append("\n\n");
        md.append("| request | service req/s | p50 | p99 | errors | CPU/request | DB round trips/request | RSS after "
                + "| PostgreSQL alone (pgbench) | ratio | target | met |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
        for (LoadRow row : loadRows()) {
            md.append("| `").append(row.name()).append("` | ")
                    .append(format("%.0f", row.service().requestsPerSecond())).append(" | ")
                    .append(format("%.2f ms", row.service().p50Millis())).append(" | ")
                    .append(format("%.2f ms", row.service().p99Millis())).append(" | ")
                    .append(row.service().errors()).append(" | ")
                    .append(cpu(row.run().cpuMicrosPerRequest())).append(" | ")
                    .append(roundTrips(row.run().roundTripsPerRequest())).append(" | ")
                    .append(mib(row.run().rssAfterKib())).append(" | ")
                    .append(format("%.0f tps (%s)", row.limit().tps(), row.limitName())).append(" | ")
                    .append(percent(row.ratio())).append(" | ")
                    .append(target(row)).append(" | ")
                    .append(row.met() ? "yes" : "**no**").append(" |\n");
        }
        listNote().ifPresent(note -> md.append("\n").append(note).append("\n"));
        md.append("\n").append(keysetNote()).append("\n");
        md.append("\n| figure | value | target | met |\n| --- | ---: | --- | --- |\n");
        for (OtherRow row : otherRows()) {
            md.append("| ").append(row.name()).append(" | ").append(row.value()).append(" | ").append(row.target())
                    .append(" | ").append(row.met() == null ? "" : row.met() ? "yes" : "**no**").append(" |\n");
        }
        if (figures.comparison() != null) {
            md.append("\n| ").append(String.join(" | ", comparisonHeader()))
                    .append(" |\n| --- | ---: | ---: | ---: |\n");
            for (String[] row : comparisonRows()) {
                md.append("| ").append(String.join(" | ", row)).append(" |\n");
            }
            md.append("\n").append(comparisonNote()).append("\n");
        }
        if (figures.tracing() != null) {
            md.append("\n| figure | tracing off | tracing on | change |\n| --- | ---: | ---: | ---: |\n");
            for (String[] row : tracingRows()) {
                md.append("| ").append(String.join(" | ", row)).append(" |\n");
            }
            md.append("\n").append(tracingNote()).append("\n");
        }
        md.append("\nSettings:\n\n");
        figures.settings().forEach((key, value) -> md.append("- ").append(key).append(": `").append(value)
                .append("`\n"));
        return md.toString();
    }

    /** The list compared with its own two queries run by pgbench alone (the database's limit for that request). */
    public java.util.Optional<String> listNote() {
        PgbenchResult own = figures.pgList();
        if (own == null || own.tps() <= 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(format("The list's own queries (a page by OFFSET and count(*)) run by pgbench "
                + "alone: %.0f tps; the service's list reaches %s of that.", own.tps(),
                percent(figures.list().wrk().requestsPerSecond() / own.tps())));
    }

    /** The keyset list beside the same run's GET by id and pgbench's select by primary key. */
    public String keysetNote() {
        double keyset = figures.keyset().wrk().requestsPerSecond();
        return format("The keyset list (%s, following Link rel=\"next\") reaches %.0f req/s: %s of GET /users/{id} "
                + "(%.0f req/s) and %s of pgbench's select by id (%.0f tps).", KEYSET_REQUEST, keyset,
                percent(keyset / figures.get().wrk().requestsPerSecond()), figures.get().wrk().requestsPerSecond(),
                percent(keyset / figures.pgSelect().tps()), figures.pgSelect().tps());
    }

    /** One sentence on where the figures come from. */
    public String context() {
        Map<String, String> machine = figures.machine();
        return (figures.quick() ? "A --quick smoke run (a few seconds per step): these figures are not comparable. "
                : "")
                + "Measured on " + machine.getOrDefault("cores", "?") + " cores shared by wrk, the service and "
                + "PostgreSQL (load average " + machine.getOrDefault("load average before", "?") + " before the run, "
                + machine.getOrDefault("load average after", "?") + " after), " + figures.date() + ".";
    }

    /** All figures as a JSON-ready tree. */
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", figures.date());
        json.put("quick", figures.quick());
        json.put("machine", figures.machine());
        json.put("settings", figures.settings());
        List<Map<String, Object>> load = new ArrayList<>();
        for (LoadRow row : loadRows()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("request", row.name());
            entry.put("requestsPerSecond", round(row.service().requestsPerSecond()));
            entry.put("p50Millis", round(row.service().p50Millis()));
            entry.put("p99Millis", round(row.service().p99Millis()));
            entry.put("requests", row.service().requests());
            entry.put("non2xx", row.service().non2xx());
            entry.put("socketErrors", row.service().socketErrors());
            entry.put("cpuMicrosPerRequest", round(row.run().cpuMicrosPerRequest()));
            entry.put("roundTripsPerRequest", round(row.run().roundTripsPerRequest()));
            entry.put("rssAfterKib", row.run().rssAfterKib());
            entry.put("pgbench", row.limitName());
            entry.put("pgbenchTps", round(row.limit().tps()));
            entry.put("pgbenchFailed", row.limit().failed());
            entry.put("ratio", round(row.ratio()));
            entry.put("ratioTarget", row.ratioTarget());
            entry.put("p99TargetMillis", Double.isNaN(row.p99Target()) ? null : row.p99Target());
            entry.put("met", row.met());
            load.add(entry);
        }
        json.put("load", load);
        if (figures.pgList() != null) {
            Map<String, Object> listLimit = new LinkedHashMap<>();
            listLimit.put("pgbenchTps", round(figures.pgList().tps()));
            listLimit.put("pgbenchFailed", figures.pgList().failed());
            listLimit.put("serviceRatio", round(figures.list().wrk().requestsPerSecond() / figures.pgList().tps()));
            json.put("listOwnQueries", listLimit);
        }
        Map<String, Object> keyset = new LinkedHashMap<>();
        keyset.put("requestsPerSecond", round(figures.keyset().wrk().requestsPerSecond()));
        keyset.put("shareOfGetById", round(figures.keyset().wrk().requestsPerSecond()
                / figures.get().wrk().requestsPerSecond()));
        keyset.put("shareOfPgbenchSelect", round(figures.keyset().wrk().requestsPerSecond()
                / figures.pgSelect().tps()));
        json.put("keysetList", keyset);
        List<Map<String, Object>> startups = new ArrayList<>();
        for (BenchFigures.Startup startup : figures.startups()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("label", startup.label());
            entry.put("millis", startup.millis());
            entry.put("medianMillis", round(startup.medianMillis()));
            startups.add(entry);
        }
        json.put("startup", startups);
        json.put("startupTargetMillis", STARTUP_TARGET_MILLIS);
        json.put("rssIdleKib", figures.rssIdleKib());
        json.put("rssAfterLoadKib", figures.rssAfterLoadKib());
        json.put("rssTargetKib", RSS_TARGET_KIB);
        BenchFigures.Tracing tracing = figures.tracing();
        if (tracing != null) {
            Map<String, Object> on = new LinkedHashMap<>();
            if (tracing.startup() != null) {
                on.put("startupLabel", tracing.startup().label());
                on.put("startupMillis", tracing.startup().millis());
                on.put("startupMedianMillis", round(tracing.startup().medianMillis()));
            }
            on.put("rssIdleKib", tracing.rssIdleKib());
            on.put("rssAfterLoadKib", tracing.rssAfterLoadKib());
            List<Map<String, Object>> tracedLoad = new ArrayList<>();
            List<LoadRow> rows = loadRows();
            for (int i = 0; i < rows.size() && i < tracing.load().size(); i++) {
                WrkResult result = tracing.load().get(i).wrk();
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("request", rows.get(i).name());
                entry.put("requestsPerSecond", round(result.requestsPerSecond()));
                entry.put("p50Millis", round(result.p50Millis()));
                entry.put("p99Millis", round(result.p99Millis()));
                entry.put("requests", result.requests());
                entry.put("errors", result.errors());
                entry.put("cpuMicrosPerRequest", round(tracing.load().get(i).cpuMicrosPerRequest()));
                tracedLoad.add(entry);
            }
            on.put("load", tracedLoad);
            on.put("exports", tracing.exports());
            on.put("exportedBytes", tracing.exportedBytes());
            json.put("tracing", on);
        }
        BenchFigures.Comparison comparison = figures.comparison();
        if (comparison != null) {
            Map<String, Object> compared = new LinkedHashMap<>();
            compared.put("baselineRef", comparison.ref());
            compared.put("baselineCommit", comparison.commit());
            List<Map<String, Object>> loads = new ArrayList<>();
            for (BenchFigures.ComparedLoad request : comparison.loads()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("request", request.request());
                entry.put("baseline", request.baseline().stream().map(BenchReport::runJson).toList());
                entry.put("candidate", request.candidate().stream().map(BenchReport::runJson).toList());
                LoadRun a = LoadRun.mean(request.baseline());
                LoadRun b = LoadRun.mean(request.candidate());
                Map<String, Object> ratios = new LinkedHashMap<>();
                ratios.put("requestsPerSecond", round(b.wrk().requestsPerSecond() / a.wrk().requestsPerSecond()));
                ratios.put("p99Millis", round(b.wrk().p99Millis() / a.wrk().p99Millis()));
                ratios.put("cpuMicrosPerRequest", round(b.cpuMicrosPerRequest() / a.cpuMicrosPerRequest()));
                ratios.put("roundTripsPerRequest", round(b.roundTripsPerRequest() / a.roundTripsPerRequest()));
                ratios.put("rssAfterKib", round((double) b.rssAfterKib() / a.rssAfterKib()));
                entry.put("ratioBtoA", ratios);
                loads.add(entry);
            }
            compared.put("load", loads);
            json.put("comparison", compared);
        }
        json.put("allTargetsMet", allMet());
        return json;
    }

    private static Map<String, Object> runJson(LoadRun run) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("requestsPerSecond", round(run.wrk().requestsPerSecond()));
        entry.put("p50Millis", round(run.wrk().p50Millis()));
        entry.put("p99Millis", round(run.wrk().p99Millis()));
        entry.put("requests", run.wrk().requests());
        entry.put("errors", run.wrk().errors());
        entry.put("cpuMicrosPerRequest", round(run.cpuMicrosPerRequest()));
        entry.put("roundTripsPerRequest", round(run.roundTripsPerRequest()));
        entry.put("rssAfterKib", run.rssAfterKib());
        return entry;
    }

    /** A horizontal bar chart of the ratios, each with its target marked. */
    public String svg() {
        List<LoadRow> rows = loadRows();
        int width = 820;
        int left = 230;
        int barArea = 420;
        int rowHeight = 56;
        int top = 70;
        int height = top + rows.size() * rowHeight + 60;
        double scale = Math.max(1.0, rows.stream().mapToDouble(LoadRow::ratio).filter(r -> !Double.isNaN(r))
                .max().orElse(1.0));
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"13\">\n");
        svg.append("  <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        svg.append("  <text x=\"16\" y=\"26\" font-size=\"16\" font-weight=\"bold\">")
                .append(xml("Service throughput as a share of PostgreSQL's own limit (pgbench, same run)"))
                .append("</text>\n");
        svg.append("  <text x=\"16\" y=\"46\" fill=\"#555555\">").append(xml(svgSubtitle())).append("</text>\n");
        for (int i = 0; i < rows.size(); i++) {
            LoadRow row = rows.get(i);
            int y = top + i * rowHeight;
            double ratio = Double.isNaN(row.ratio()) ? 0 : row.ratio();
            int barWidth = (int) Math.round(barArea * ratio / scale);
            int targetX = left + (int) Math.round(barArea * row.ratioTarget() / scale);
            String color = row.met() ? "#2e7d32" : "#c62828";
            svg.append("  <text x=\"16\" y=\"").append(y + 20).append("\">").append(xml(row.name()))
                    .append("</text>\n");
            svg.append("  <text x=\"16\" y=\"").append(y + 38).append("\" fill=\"#555555\" font-size=\"11\">")
                    .append(xml(format("%.0f req/s, p99 %.1f ms, %d errors", row.service().requestsPerSecond(),
                            row.service().p99Millis(), row.service().errors())))
                    .append("</text>\n");
            svg.append("  <rect x=\"").append(left).append("\" y=\"").append(y + 6).append("\" width=\"")
                    .append(barArea).append("\" height=\"30\" fill=\"#eeeeee\"/>\n");
            svg.append("  <rect x=\"").append(left).append("\" y=\"").append(y + 6).append("\" width=\"")
                    .append(barWidth).append("\" height=\"30\" fill=\"").append(color).append("\"/>\n");
            svg.append("  <line x1=\"").append(targetX).append("\" y1=\"").append(y + 2).append("\" x2=\"")
                    .append(targetX).append("\" y2=\"").append(y + 40)
                    .append("\" stroke=\"#000000\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>\n");
            svg.append("  <text x=\"").append(left + barArea + 8).append("\" y=\"").append(y + 20).append("\">")
                    .append(xml(percent(row.ratio()) + " of " + format("%.0f", row.limit().tps()) + " tps"))
                    .append("</text>\n");
            svg.append("  <text x=\"").append(left + barArea + 8).append("\" y=\"").append(y + 36)
                    .append("\" fill=\"#555555\" font-size=\"11\">")
                    .append(xml("target ≥ " + percent(row.ratioTarget()) + " (" + row.limitName() + ")"))
                    .append("</text>\n");
        }
        int legendY = top + rows.size() * rowHeight + 24;
        svg.append("  <text x=\"16\" y=\"").append(legendY).append("\" fill=\"#555555\" font-size=\"11\">")
                .append(xml("Dashed line: target. Green: ratio, p99 and error targets met; red: one missed. "
                        + "wrk -t2 -c32 --latency; pgbench -n -c32 -j2 -M prepared."))
                .append("</text>\n");
        svg.append("</svg>\n");
        return svg.toString();
    }

    private String svgSubtitle() {
        Map<String, String> machine = figures.machine();
        return (figures.quick() ? "--quick smoke run, not comparable. " : "") + machine.getOrDefault("cores", "?")
                + " cores shared by wrk, the service and PostgreSQL; load average "
                + machine.getOrDefault("load average before", "?") + "; " + figures.date();
    }

    private static String target(LoadRow row) {
        return "≥ " + percent(row.ratioTarget()) + (Double.isNaN(row.p99Target()) ? ""
                : format(", p99 ≤ %.0f ms", row.p99Target())) + ", 0 errors";
    }

    private static String metText(Boolean met) {
        return met == null ? "" : met ? "yes" : "NO";
    }

    static String percent(double ratio) {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "n/a" : format("%.0f %%", ratio * 100);
    }

    static String cpu(double micros) {
        return Double.isNaN(micros) || micros <= 0 ? "n/a" : format("%.0f µs", micros);
    }

    static String roundTrips(double perRequest) {
        return Double.isNaN(perRequest) ? "n/a" : format("%.2f", perRequest);
    }

    private static String throughput(WrkResult result) {
        return format("%.0f (%.1f ms)", result.requestsPerSecond(), result.p99Millis());
    }

    /** {@code value} against {@code base}, as a signed percentage. */
    static String change(double value, double base) {
        return base > 0 && !Double.isNaN(value) ? format("%+.0f %%", (value / base - 1) * 100) : "n/a";
    }

    private static String mibChange(long baseKib, long kib) {
        return baseKib > 0 && kib > 0 ? format("%+.0f MiB", (kib - baseKib) / 1024.0) : "n/a";
    }

    static String mib(long kib) {
        return kib <= 0 ? "n/a" : format("%.0f MiB", kib / 1024.0);
    }

    private static Double round(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 100) / 100.0;
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String align(List<String[]> lines) {
        int columns = lines.get(0).length;
        int[] widths = new int[columns];
        for (String[] line : lines) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                text.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", line[i]));
                if (i < columns - 1) {
                    text.append("  ");
                }
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
