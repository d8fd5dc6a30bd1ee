package org.acme.manage.faults;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.acme.manage.harness.ServiceProcess;
import org.acme.security.HostileCorpus;
import org.junit.jupiter.api.Test;

/**
 * The hostile input corpus of the service's tests (org.acme.security.HostileCorpus), plus malformed HTTP framing
 * that only raw bytes can carry, against the packaged service: no 500, nothing leaked, no partial rows.
 */
@FaultScenario
class HostileInputTest {

    /**
     * A request as bytes on the wire, what it is, and whether the sender closes its side after it; {@code
     * noAnswerIsFine} says why the service may close the connection (or keep waiting) without an answer, and is null
     * for every other probe: those must be answered.
     */
    record Probe(String name, byte[] bytes, boolean halfClose, String noAnswerIsFine) {
    }

    /**
     * The framings that may go unanswered, and why. Each is no request that could be answered; nothing else is
     * excused, least of all a request of the corpus.
     */
    static final Map<String, String> NO_ANSWER_IS_FINE = Map.of(
            "body shorter than its Content-Length", "the client gives up before its body is complete: HTTP/1.1 lets "
                    + "a server close on an incomplete request without answering (RFC 9112, section 8)",
            "invalid chunk size", "the body's framing breaks after the head was read: where the message ends can no "
                    + "longer be known, so the server drops the connection rather than guess (no row may come of it)",
            "not HTTP at all", "bytes without a line end (a TLS hello): no request line has ended, so there is no "
                    + "request yet to answer, and a TLS client could not read an HTTP answer anyway");

    static List<Probe> probes() {
        List<Probe> probes = new ArrayList<>();
        for (HostileCorpus.Attack attack : HostileCorpus.requests()) {
            probes.add(new Probe(attack.toString(), RawHttp.request(attack.method(), attack.path(),
                    attack.contentType(), attack.body(), attack.headers()), false, null));
        }
        String host = "Host: 127.0.0.1\r\n";
        String json = "{\"email\":\"framing@example.com\"}";
        List<String[]> framing = List.of(
                new String[] {"Content-Length and chunked together (smuggling)", "POST /users HTTP/1.1\r\n" + host
                        + "Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "0\r\n\r\nGET /users HTTP/1.1\r\n" + host + "\r\n"},
                new String[] {"two different Content-Lengths", "POST /users HTTP/1.1\r\n" + host
                        + "Content-Type: application/json\r\nContent-Length: " + json.length()
                        + "\r\nContent-Length: 3\r\n\r\n" + json},
                new String[] {"negative Content-Length", "POST /users HTTP/1.1\r\n" + host
                        + "Content-Type: application/json\r\nContent-Length: -1\r\n\r\n" + json},
                new String[] {"Content-Length not a number", "POST /users HTTP/1.1\r\n" + host
                        + "Content-Type: application/json\r\nContent-Length: ten\r\n\r\n" + json},
                new String[] {"body shorter than its Content-Length", "POST /users HTTP/1.1\r\n" + host
                        + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n" + json},
                new String[] {"invalid chunk size", "POST /users HTTP/1.1\r\n" + host
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n" + json
                        + "\r\n0\r\n\r\n"},
                new String[] {"a transfer coding the service does not know", "POST /users HTTP/1.1\r\n" + host
                        + "Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n" + json},
                new String[] {"unknown HTTP version", "GET /users HTTP/9.9\r\n" + host + "\r\n"},
                new String[] {"not HTTP at all", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003"},
                new String[] {"header line without a colon", "GET /users HTTP/1.1\r\n" + host + "NoColonHere\r\n\r\n"},
                new String[] {"NUL in a header value", "GET /users HTTP/1.1\r\n" + host + "X-A: a\u0000b\r\n\r\n"},
                new String[] {"folded header line", "GET /users HTTP/1.1\r\n" + host + "X-A: a\r\n b\r\n\r\n"},
                new String[] {"bare LF line ends", "GET /users HTTP/1.1\n" + host.trim() + "\n\n"},
                new String[] {"illegal characters in the method", "G<T /users HTTP/1.1\r\n" + host + "\r\n"},
                new String[] {"absolute URI of another host", "GET http://evil.example.com/users HTTP/1.1\r\n" + host
                        + "\r\n"},
                new String[] {"CONNECT", "CONNECT evil.example.com:443 HTTP/1.1\r\n" + host + "\r\n"},
                new String[] {"request line of 100 KB", "GET /users?x=" + "a".repeat(100_000) + " HTTP/1.1\r\n"
                        + host + "\r\n"},
                new String[] {"no Host header", "GET /users HTTP/1.1\r\n\r\n"},
                new String[] {"space before the colon", "GET /users HTTP/1.1\r\n" + host + "X-A : b\r\n\r\n"},
                new String[] {"pipelined requests after a bad one", "POST /users HTTP/1.1\r\n" + host
                        + "Content-Type: application/json\r\nContent-Length: 1\r\n\r\n{GET /users HTTP/1.1\r\n" + host
                        + "\r\n"});
        for (String[] request : framing) {
            probes.add(new Probe(request[0], request[1].getBytes(StandardCharsets.ISO_8859_1),
                    request[0].startsWith("body shorter"), NO_ANSWER_IS_FINE.get(request[0])));
        }
        return probes;
    }

    @Test
    void run(FaultRun run, Verdict verdict) throws Exception {
        String database = run.createDatabase(run.name());
        List<String> serverErrors = new ArrayList<>();
        List<String> leaks = new ArrayList<>();
        List<String> unanswered = new ArrayList<>();
        List<String> excused = new ArrayList<>();
        int sent = 0;
        int clientErrors = 0;
        int otherAnswers = 0;
        Set<Long> created = new HashSet<>();
        List<Probe> probes = probes();
        long started = System.nanoTime();
        try (ServiceProcess service = run.start(run.launch(database), run.name())) {
            run.seedUsers(database, "seed", 1);
            RawHttp http = new RawHttp(service.port());
            for (Probe probe : probes) {
                RawHttp.Exchange exchange = http.exchange(probe.bytes(), probe.halfClose());
                if (exchange.status() != Http.REFUSED) {
                    sent++;
                }
                if (exchange.status() >= 500) {
                    serverErrors.add(exchange.status() + " for " + probe.name());
                } else if (exchange.status() >= 400) {
                    clientErrors++;
                } else if (exchange.status() == 201) {
                    String location = exchange.location();
                    created.add(Long.parseLong(location.substring(location.lastIndexOf('/') + 1)));
                } else if (exchange.status() == Http.NO_ANSWER && probe.noAnswerIsFine() != null) {
                    excused.add(probe.name() + ": " + probe.noAnswerIsFine());
                } else if (exchange.status() <= 0) {
                    unanswered.add(probe.name() + ": " + abbreviate(exchange.text()));
                } else {
                    otherAnswers++;
                }
                HostileCorpus.LEAKS.stream().filter(exchange.text()::contains).findFirst()
                        .ifPresent(leak -> leaks.add("'" + leak.trim() + "' in the answer to " + probe.name()));
            }
            Http.Answer health = new Http(service.managementUrl()).get(ServiceProcess.READINESS);
            verdict.check(service.isAlive() && health.status() == 200, "the service still runs and is ready");
        }
        long rows = run.count(database, "SELECT count(*) FROM users");
        Set<Long> ids = new HashSet<>();
        try (var connection = run.connect(database); var statement = connection.createStatement();
                var result = statement.executeQuery("SELECT id FROM users WHERE email NOT LIKE 'seed-%'")) {
            while (result.next()) {
                ids.add(result.getLong(1));
            }
        }
        int framings = probes.size() - HostileCorpus.requests().size();
        verdict.figure("corpus", probes.size() + " requests (" + HostileCorpus.requests().size()
                + " from the service's HostileCorpus, " + framings + " malformed HTTP framings), " + sent
                + " sent in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        verdict.figure("answers", clientErrors + " client errors, " + created.size() + " created, " + otherAnswers
                + " other 2xx/3xx, " + serverErrors.size() + " server errors; " + excused.size()
                + " framings closed or left waiting without an answer, as they may be; " + unanswered.size()
                + " other requests without an answer");
        verdict.figure("rows", rows + " in the table: the seeded user and " + ids.size() + " others");
        excused.forEach(probe -> run.out().println("    no answer, fine: " + probe));
        unanswered.forEach(probe -> run.out().println("    no answer: " + probe));
        serverErrors.forEach(error -> run.out().println("    " + error));
        leaks.forEach(leak -> run.out().println("    " + leak));
        verdict.check(sent == probes.size() && unanswered.isEmpty(), "all " + probes.size() + " requests are "
                + "sent and answered, but for the " + NO_ANSWER_IS_FINE.size() + " framings that are no request to "
                + "answer");
        verdict.check(serverErrors.isEmpty(), "no 5xx");
        verdict.check(leaks.isEmpty(), "no answer contains a stack trace, SQL or a class name");
        verdict.check(ids.equals(created), "the only new rows are those answered 201: no partial rows");
    }

    private static String abbreviate(String text) {
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }
}
