package org.acme.manage.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.acme.manage.harness.ServiceProcess;
import org.junit.jupiter.api.Test;

/**
 * Requests that race for one email: exactly one may win, every other one gets a 409, and nothing else happens
 * (no 500, no second row).
 */
@FaultScenario
class RacesTest {

    static final int POSTS = 200;
    static final int CASE_VARIANTS = 50;
    static final int PUT_ROUNDS = 25;

    @Test
    void run(FaultRun run, Verdict verdict) throws Exception {
        String database = run.createDatabase(run.name());
        try (ServiceProcess service = run.start(run.launch(database), run.name())) {
            Http http = new Http(service.baseUrl());

            List<Http.Answer> posts = all(http, POSTS, i -> http.send("POST", "/users",
                    Http.userJson("race@example.com")));
            long stored = run.count(database, "SELECT count(*) FROM users WHERE lower(email) = 'race@example.com'");
            verdict.figure(POSTS + " concurrent POSTs of one email", Http.tally(posts)
                    + ", slowest " + Http.slowest(posts) + " ms; " + stored + " row stored");
            verdict.check(count(posts, 201) == 1 && count(posts, 409) == POSTS - 1 && stored == 1,
                    "exactly one 201, " + (POSTS - 1) + " × 409, one row");

            List<Http.Answer> variants = all(http, CASE_VARIANTS, i -> http.send("POST", "/users",
                    Http.userJson(caseVariant("Case.Race@Example.com", i))));
            long variantRows = run.count(database,
                    "SELECT count(*) FROM users WHERE lower(email) = 'case.race@example.com'");
            verdict.figure(CASE_VARIANTS + " concurrent POSTs of one email in different letter cases",
                    Http.tally(variants) + "; " + variantRows + " row stored");
            verdict.check(count(variants, 201) == 1 && count(variants, 409) == CASE_VARIANTS - 1 && variantRows == 1,
                    "emails differing only in case race the same way: one 201, the rest 409");

            int roundsWithOneWinner = 0;
            List<Http.Answer> puts = new ArrayList<>();
            for (int round = 0; round < PUT_ROUNDS; round++) {
                long first = http.post("/users", Http.userJson("first-" + round + "@example.com")).createdId();
                long second = http.post("/users", Http.userJson("second-" + round + "@example.com")).createdId();
                String target = Http.userJson("target-" + round + "@example.com");
                CompletableFuture<Http.Answer> a = http.send("PUT", "/users/" + first, target);
                CompletableFuture<Http.Answer> b = http.send("PUT", "/users/" + second, target);
                List<Http.Answer> pair = List.of(a.join(), b.join());
                puts.addAll(pair);
                long holders = run.count(database, "SELECT count(*) FROM users WHERE email = 'target-" + round
                        + "@example.com' AND id IN (" + first + ", " + second + ")");
                if (count(pair, 200) == 1 && count(pair, 409) == 1 && holders == 1) {
                    roundsWithOneWinner++;
                }
            }
            verdict.figure("concurrent PUTs of two users onto one email", PUT_ROUNDS + " rounds: "
                    + Http.tally(puts) + "; " + roundsWithOneWinner
                    + " rounds with one winner, one 409 and one row holding the email");
            verdict.check(roundsWithOneWinner == PUT_ROUNDS, "every round: one PUT wins, the other gets a 409");

            List<Http.Answer> updates = new ArrayList<>();
            List<Http.Answer> deletes = new ArrayList<>();
            for (int round = 0; round < PUT_ROUNDS; round++) {
                long id = http.post("/users", Http.userJson("doomed-" + round + "@example.com")).createdId();
                CompletableFuture<Http.Answer> update = http.send("PUT", "/users/" + id,
                        Http.userJson("moved-" + round + "@example.com"));
                CompletableFuture<Http.Answer> delete = http.send("DELETE", "/users/" + id, null);
                updates.add(update.join());
                deletes.add(delete.join());
            }
            long survivors = run.count(database, "SELECT count(*) FROM users WHERE email LIKE 'doomed-%' "
                    + "OR email LIKE 'moved-%'");
            verdict.figure("a PUT and a DELETE of one user at once", PUT_ROUNDS + " rounds: PUT " + Http.tally(updates)
                    + "; DELETE " + Http.tally(deletes) + "; " + survivors + " of the users left");
            verdict.check(updates.stream().allMatch(answer -> answer.status() == 200 || answer.status() == 404)
                    && deletes.stream().allMatch(answer -> answer.status() == 204) && survivors == 0,
                    "every round: the DELETE wins, the PUT gets 200 (before it) or 404 (after it)");

            List<Http.Answer> everything = new ArrayList<>(posts);
            everything.addAll(variants);
            everything.addAll(puts);
            everything.addAll(updates);
            everything.addAll(deletes);
            verdict.check(everything.stream().noneMatch(answer -> answer.status() >= 500 || answer.status() <= 0),
                    "no 5xx and no request without an answer");
            verdict.check(everything.stream().filter(answer -> answer.status() == 409).allMatch(Http.Answer::isProblem),
                    "every 409 is a problem document");
            FaultRun.checkAlive(service, verdict);
        }
    }

    static List<Http.Answer> all(Http http, int count,
            java.util.function.IntFunction<CompletableFuture<Http.Answer>> request) {
        List<CompletableFuture<Http.Answer>> inFlight = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inFlight.add(request.apply(i));
        }
        return inFlight.stream().map(CompletableFuture::join).collect(Collectors.toList());
    }

    static long count(List<Http.Answer> answers, int status) {
        return answers.stream().filter(answer -> answer.status() == status).count();
    }

    /** The email with the letters at positions of the bits of {@code i} in upper case. */
    private static String caseVariant(String email, int i) {
        StringBuilder variant = new StringBuilder();
        for (int position = 0; position < email.length(); position++) {
            char c = email.charAt(position);
            variant.append((i >> (position % 8) & 1) == 1 ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return variant.toString();
    }
}
