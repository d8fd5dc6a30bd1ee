package org.acme.http;

import static org.acme.http.RawHttp.POST_USERS;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.acme.platform.CapturedLog;
import org.acme.platform.ShortTimeouts;
import org.acme.user.UsersTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@code quarkus.http.read-timeout}, here shorter (1 s) than the body deadline (3 s). */
@QuarkusTest
@TestProfile(ShortTimeouts.class)
class RequestBodyTimeoutsTest {

    @Inject
    FinishedRequests finished;

    @BeforeEach
    void startFromAnEmptyTable() {
        UsersTable.clear();
    }

    /**
     * Quarkus closes the connection of a read that timed out, without an answer: the log says 408 (not 500), and
     * the request is not processed. (With the configured values, a deadline no longer than the read timeout, the
     * deadline always comes first, with its 408 problem: RequestBodyDeadlineTest.)
     */
    @Test
    void aBodyThatStallsMidWayHasItsConnectionClosedOnceTheReadTimesOut() throws Exception {
        long before = finished.count();
        try (CapturedLog log = CapturedLog.start(); RawHttp http = RawHttp.connect()) {
            http.send(POST_USERS + "Content-Length: 16000\r\n\r\n").send("{\"email\": \"" + "a".repeat(12 * 1024));

            assertThat(http.answer()).as("the deadline's 408 would come later, and have a body").isEmpty();
            finished.awaitMoreThan(before, RawHttp.PATIENCE);
            RefusedBodiesLogTest.assertNoFailureLogged(log);
            assertThat(log.lines()).filteredOn(line -> line.contains("[http-problem]")).singleElement().asString()
                    .contains("status=408", "The request body stalled: nothing arrived for "
                            + ShortTimeouts.READ_TIMEOUT.toSeconds() + " s");
        }
        assertThat(UsersTable.count()).isZero();
    }
}
