package org.acme.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.inject.Inject;

import org.acme.platform.CapturedLog;
import org.acme.user.UsersTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * A body refused for its size or cut off by the deadline is the client's doing: the client has its problem document,
 * the log has the same 4xx line as for any other problem, and no ERROR, no stack trace and no second answer (a 500,
 * or a 400 for a body "not UTF-8") for it.
 */
@QuarkusTest
class RefusedBodiesLogTest {

    /** Far beyond anything here takes, the 10 s body deadline included. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    FinishedRequests finished;

    @BeforeEach
    void startFromAnEmptyTable() {
        UsersTable.clear();
    }

    @Test
    void aChunkedBodyOverTheLimitIsLoggedAsItsProblemAlone() throws Exception {
        try (CapturedLog log = CapturedLog.start()) {
            HttpResponse<String> response = RequestBodyLimitTest.postChunked(RequestBodyLimitTest.OVER_THE_LIMIT);

            assertThat(response.statusCode()).isEqualTo(413);
            log.await(line -> line.contains("[http-problem] status=413"), PATIENCE);
            assertNoFailureLogged(log);
        }
        assertThat(UsersTable.count()).isZero();
    }

    @Test
    void aBodyCutOffByTheDeadlineWhileItsReaderWaitsIsA408ForTheClientAndInTheLog() throws Exception {
        long before = finished.count();
        try (CapturedLog log = CapturedLog.start();
                Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout((int) PATIENCE.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST /users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 16000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // more than Quarkus REST buffers (10 KiB) before it hands the body to the resource's reader, which then
            // waits for the rest on a worker thread until the deadline cuts it off
            out.write(("{\"email\": \"" + "a".repeat(12 * 1024)).getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 408 ")
                    .containsIgnoringCase("content-type: application/problem+json")
                    .contains("\"detail\":\"The request body did not arrive in full within 10 s\"");
            finished.awaitMoreThan(before, PATIENCE);
            assertNoFailureLogged(log);
            assertThat(log.lines()).filteredOn(line -> line.contains("[http-problem]")).singleElement().asString()
                    .contains("status=408", "The request body did not arrive in full within 10 s");
        }
        assertThat(UsersTable.count()).isZero();
    }

    static void assertNoFailureLogged(CapturedLog log) {
        assertThat(log.lines()).noneMatch(line -> line.startsWith("SEVERE") || line.startsWith("ERROR")
                || line.contains("Exception") || line.contains("status=500") || line.contains("status=400")
                || line.contains("UTF-8"));
    }
}
