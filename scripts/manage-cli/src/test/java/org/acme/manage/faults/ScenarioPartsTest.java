package org.acme.manage.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.acme.security.HostileCorpus;
import org.junit.jupiter.api.Test;

/** The parts of the fault scenarios that need no service, and how a verdict is reached (the default test run). */
class ScenarioPartsTest {

    @Test
    void theHostileScenarioSendsTheWholeCorpusAndExcusesOnlyFramingsThatAreNoRequest() {
        List<HostileCorpus.Attack> corpus = HostileCorpus.requests();
        List<HostileInputTest.Probe> probes = HostileInputTest.probes();

        assertThat(probes).hasSizeGreaterThan(corpus.size());
        for (int i = 0; i < corpus.size(); i++) {
            HostileCorpus.Attack attack = corpus.get(i);
            assertThat(Arrays.equals(probes.get(i).bytes(), RawHttp.request(attack.method(), attack.path(),
                    attack.contentType(), attack.body(), attack.headers()))).as("probe %d is %s", i, attack).isTrue();
            assertThat(probes.get(i).noAnswerIsFine()).as(attack.toString()).isNull();
        }
        assertThat(probes.stream().filter(probe -> probe.noAnswerIsFine() != null).map(HostileInputTest.Probe::name))
                .containsExactlyInAnyOrderElementsOf(HostileInputTest.NO_ANSWER_IS_FINE.keySet());
    }

    @Test
    void theLargeBodiesAreValidJsonOfExactlyTheirSize() throws Exception {
        String under = LargeBodiesTest.bodyOf(LargeBodiesTest.LIMIT - 1);

        assertThat(under).hasSize(16_383).startsWith("{\"email\":\"aaa").endsWith("a@example.com\"}");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(under).get("email").asText())
                .hasSize(16_383 - "{\"email\":\"\"}".length());
        assertThat(LargeBodiesTest.bodyOf(LargeBodiesTest.LIMIT + 1)).hasSize(16_385);
    }

    @Test
    void aPercentileIsTheTimeWithinWhichThatShareWasAnswered() {
        List<Http.Answer> answers = java.util.stream.LongStream.rangeClosed(1, 200)
                .mapToObj(millis -> new Http.Answer(200, "", "", "", "", "", millis, false)).toList();

        assertThat(Http.percentile(answers, 99)).isEqualTo(198);
        assertThat(Http.percentile(answers, 100)).isEqualTo(200);
        assertThat(Http.percentile(answers.subList(0, 1), 99)).isEqualTo(1);
        assertThat(Http.percentile(List.of(), 99)).isZero();
    }

    @Test
    void everyBrokenConfigurationSaysWhatItsRefusalMustName() {
        assertThat(ConfigAbuseTest.abuses()).allSatisfy(abuse -> assertThat(abuse.expected()).isNotEmpty());
        assertThat(ConfigAbuseTest.abuses()).extracting(ConfigAbuseTest.Abuse::name).doesNotHaveDuplicates();
    }

    @Test
    void flywaysAccountOfTheFailedMigrationIsFoundInTheJsonLog() {
        List<String> log = List.of("Picked up JAVA_TOOL_OPTIONS", "{\"level\":\"ERROR\",\"message\":\"Failed to "
                + "start application\",\"exception\":{\"message\":\"Failed to start\",\"causedBy\":{\"exception\":"
                + "{\"message\":\"Migration V1000__fails_half_way.sql failed\\n-----\\nSQL State  : 23514\\n"
                + "Message    : ERROR: check constraint\"}}}}");

        assertThat(FailedMigrationTest.flywayMessage(log)).isEqualTo("Migration V1000__fails_half_way.sql failed | "
                + "SQL State  : 23514 | Message    : ERROR: check constraint");
        assertThat(FailedMigrationTest.flywayMessage(List.of("{}"))).isEqualTo("(no log event names the migration)");
    }

    @Test
    void aScenarioPassesOnlyWhenItCheckedSomethingAndEveryCheckHeld() {
        Verdict nothingChecked = new Verdict("x", new java.io.PrintWriter(java.io.Writer.nullWriter()));
        Verdict oneFailed = new Verdict("x", new java.io.PrintWriter(java.io.Writer.nullWriter()));
        oneFailed.check(true, "holds");
        oneFailed.check(false, "does not hold");
        Verdict allHeld = new Verdict("x", new java.io.PrintWriter(java.io.Writer.nullWriter()));
        allHeld.check(true, "holds");

        assertThat(nothingChecked.passed()).isFalse();
        assertThat(oneFailed.passed()).isFalse();
        assertThat(oneFailed.failures()).containsExactly("does not hold");
        assertThat(allHeld.passed()).isTrue();
        assertThatThrownBy(oneFailed::assertPassed).isInstanceOf(AssertionError.class)
                .hasMessage("1 of 2 checks failed: does not hold");
        assertThatThrownBy(nothingChecked::assertPassed).isInstanceOf(AssertionError.class)
                .hasMessage("nothing was checked");
        allHeld.assertPassed();
    }

    @Test
    void noAnswerAndARefusedConnectionAreNeitherASuccessNorAnAnswer() {
        assertThat(answer(200, "", "", "", "").succeeded()).isTrue();
        assertThat(answer(Http.REFUSED, "", "", "", "").succeeded()).isFalse();
        assertThat(answer(Http.NO_ANSWER, "", "", "", "").succeeded()).isFalse();
        assertThat(answer(Http.REFUSED, "", "", "", "").answered()).isFalse();
        assertThat(answer(Http.NO_ANSWER, "", "", "", "").answered()).isFalse();
        assertThat(answer(404, "", "", "", "").answered()).isTrue();
    }

    @Test
    void aPoolIsExhaustedWhenEveryConnectionWaitsAndMoreRequestsAreInFlight() {
        assertThat(new FaultRun.Sessions(16, 16).exhaustedBy(16, 48)).isTrue();
        assertThat(new FaultRun.Sessions(16, 15).exhaustedBy(16, 48)).as("one connection free").isFalse();
        assertThat(new FaultRun.Sessions(8, 8).exhaustedBy(16, 48)).as("a pool that never grew to its size")
                .isFalse();
        assertThat(new FaultRun.Sessions(48, 48).exhaustedBy(48, 48)).as("a connection for every request").isFalse();
        assertThat(new FaultRun.Sessions(0, 0).exhaustedBy(16, 48)).as("nothing observed").isFalse();
    }

    @Test
    void onlyA503ProblemWithRetryAfterOnAClosedConnectionIsTheStoppingRefusal() {
        String problem = "{\"type\":\"about:blank\",\"status\":503,\"title\":\"Service Unavailable\"}";
        String json = "application/problem+json";

        assertThat(GracefulShutdownTest.isStoppingRefusal(answer(503, json, problem, "1", "close"))).isTrue();
        assertThat(GracefulShutdownTest.isStoppingRefusal(answer(503, json, problem, "1", ""))).isFalse();
        assertThat(GracefulShutdownTest.isStoppingRefusal(answer(503, json, problem, "", "close"))).isFalse();
        assertThat(GracefulShutdownTest.isStoppingRefusal(answer(503, "text/plain", problem, "1", "close"))).isFalse();
        assertThat(GracefulShutdownTest.isStoppingRefusal(answer(503, json, "Service Unavailable", "1", "close")))
                .isFalse();
        assertThat(GracefulShutdownTest.isStoppingRefusal(answer(503, json, problem.replace("503", "500"), "1",
                "close"))).isFalse();
        assertThat(GracefulShutdownTest.isStoppingRefusal(answer(Http.REFUSED, "", "", "", ""))).isFalse();
    }

    private static Http.Answer answer(int status, String contentType, String body, String retryAfter,
            String connection) {
        return new Http.Answer(status, contentType, body, retryAfter, "", connection, 0, false);
    }
}
