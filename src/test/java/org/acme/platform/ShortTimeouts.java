package org.acme.platform;

import java.time.Duration;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * One application for the tests that need timeouts short enough to be waited out, and that do not get in each
 * other's way: a pool of two connections that a request waits at most 1 s for, a statement timeout longer than
 * every wait of these tests, a body deadline of 3 s and a read timeout of 1 s. (LockTimeoutTest and
 * LostConnectionTest cannot share it: their lock and socket timeouts would cut short the lock waits here.)
 */
public class ShortTimeouts implements QuarkusTestProfile {

    public static final int POOL_SIZE = 2;
    public static final Duration ACQUISITION_TIMEOUT = Duration.ofSeconds(1);
    /**
     * Far longer than the acquisition timeout, so that requests waiting for a connection give up long before the
     * holders of the pool do, however loaded the machine; and than the body deadline, which a test outwaits.
     */
    public static final String STATEMENT_TIMEOUT = "8s";
    public static final Duration BODY_DEADLINE = Duration.ofSeconds(3);
    /** Shorter than the body deadline by a margin, so that a stalled read is what ends a stalled body. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "POSTGRES_POOL_MAX_SIZE", String.valueOf(POOL_SIZE),
                "POSTGRES_STATEMENT_TIMEOUT", STATEMENT_TIMEOUT,
                "quarkus.datasource.jdbc.acquisition-timeout", ACQUISITION_TIMEOUT.toSeconds() + "S",
                "quarkus.datasource.jdbc.login-timeout", ACQUISITION_TIMEOUT.toSeconds() + "S",
                "http.request-body-deadline", BODY_DEADLINE.toSeconds() + "S",
                "quarkus.http.read-timeout", READ_TIMEOUT.toSeconds() + "S");
    }
}
