package org.acme.manage.faults;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The fault suite's HTTP client for one service: JSON requests with the JDK's HttpClient, and every outcome as an
 * {@link Answer}, including no answer at all. Nothing here throws on a failed request: that is what is measured.
 */
final class Http {

    /** No TCP connection: nothing listens on the port (a stopped service). */
    static final int REFUSED = 0;
    /** Connected, but no answer within {@link #REQUEST_TIMEOUT}, or the connection broke. */
    static final int NO_ANSWER = -1;

    /** Longer than any wait the service may impose: a request that takes this long is a hang. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final HttpClient client;

    Http(String baseUrl) {
        this.baseUrl = baseUrl;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .executor(Executors.newCachedThreadPool(runnable -> {
                    Thread thread = new Thread(runnable, "faults-http");
                    thread.setDaemon(true);
                    return thread;
                }))
                .build();
    }

    /** The service's header for a create sent again with its Idempotency-Key: the answer stored the first time. */
    static final String REPLAYED = "Idempotent-Replayed";

    /**
     * One answer (or its absence) and how long it took; the headers are "" when absent. {@code replayed}: the
     * answer is the one stored for an earlier request with the same Idempotency-Key.
     */
    record Answer(int status, String contentType, String body, String retryAfter, String location, String connection,
            long millis, boolean replayed) {

        /** A 2xx: neither an error nor a missing answer (a refused connection or none at all). */
        boolean succeeded() {
            return status >= 200 && status < 300;
        }

        /** The service answered at all: the connection was not refused, and an answer came in time. */
        boolean answered() {
            return status > 0;
        }

        boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }

        /** The 503 the service gives while its database is unavailable or overloaded. */
        boolean isRetryableProblem() {
            return status == 503 && isProblem() && !retryAfter.isEmpty();
        }

        /** The id at the end of the Location of a 201. */
        long createdId() {
            return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        }
    }

    Answer get(String path) {
        return await(send("GET", path, null));
    }

    Answer post(String path, String json) {
        return await(send("POST", path, json));
    }

    /** A POST that may be sent again: the service answers a repeat of the key with the first answer. */
    Answer post(String path, String json, String idempotencyKey) {
        return await(send("POST", path, json, Map.of("Idempotency-Key", idempotencyKey)));
    }

    /** "34 requests: 30 × 200, 4 × 503 problem". */
    static String tally(Collection<Answer> answers) {
        Map<String, Long> byStatus = new TreeMap<>(answers.stream().collect(
                Collectors.groupingBy(Http::statusName, Collectors.counting())));
        return answers.size() + " requests" + (byStatus.isEmpty() ? "" : ": " + byStatus.entrySet().stream()
                .map(e -> e.getValue() + " × " + e.getKey()).collect(Collectors.joining(", ")));
    }

    /** The longest time any of them took, in ms. */
    static long slowest(Collection<Answer> answers) {
        return answers.stream().mapToLong(Answer::millis).max().orElse(0);
    }

    /** The time within which {@code percent} % of them were answered, in ms. */
    static long percentile(Collection<Answer> answers, int percent) {
        long[] millis = answers.stream().mapToLong(Answer::millis).sorted().toArray();
        return millis.length == 0 ? 0 : millis[Math.max(0, (millis.length * percent + 99) / 100 - 1)];
    }

    static String statusName(Answer answer) {
        return switch (answer.status()) {
            case REFUSED -> "refused";
            case NO_ANSWER -> "no answer";
            default -> answer.status() + (answer.isProblem() ? " problem" : "");
        };
    }

    static String userJson(String email) {
        return "{\"email\":\"" + email + "\"}";
    }

    /** Sends without waiting: for requests that must be in flight together. */
    CompletableFuture<Answer> send(String method, String path, String json) {
        return send(method, path, json, Map.of());
    }

    CompletableFuture<Answer> send(String method, String path, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT);
        headers.forEach(request::header);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(json));
        }
        long started = System.nanoTime();
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    if (failure != null) {
                        return new Answer(refused(failure) ? REFUSED : NO_ANSWER, "", describe(failure), "", "", "",
                                millis, false);
                    }
                    return new Answer(response.statusCode(),
                            response.headers().firstValue("Content-Type").orElse(""), response.body(),
                            response.headers().firstValue("Retry-After").orElse(""),
                            response.headers().firstValue("Location").orElse(""),
                            response.headers().firstValue("Connection").orElse(""), millis,
                            response.headers().firstValue(REPLAYED).map("true"::equals).orElse(false));
                });
    }

    static Answer await(CompletableFuture<Answer> answer) {
        return answer.join();
    }

    private static boolean refused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && !(root instanceof HttpTimeoutException)) {
            root = root.getCause();
        }
        return root instanceof IOException || root instanceof HttpTimeoutException
                ? root.getClass().getSimpleName() + ": " + root.getMessage() : String.valueOf(root);
    }
}
