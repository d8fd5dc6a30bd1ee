package org.acme.database;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.acme.platform.ManagementInterface;
import org.acme.platform.ServiceSessions;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Readiness makes a round trip of its own ({@link DatabaseReadiness}). Under load the pool hands out connections
 * that were just used without checking them; here the pool never checks one (an hour idle before it would), so
 * after its sessions were terminated it hands out only dead connections, as it does under load in the moment a
 * database goes away.
 */
@QuarkusTest
@TestProfile(DatabaseReadinessTest.NoPoolChecks.class)
class DatabaseReadinessTest {

    public static class NoPoolChecks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.foreground-validation-interval", "1H",
                    "quarkus.datasource.jdbc.background-validation-interval", "1H");
        }
    }

    private static final String READINESS = ManagementInterface.url("health/ready");

    @Test
    void aDeadConnectionFromThePoolIsNotReadyAndThePoolDropsIt() throws Exception {
        given().get(READINESS).then().statusCode(200);
        assertThat(ServiceSessions.terminateNow()).as("pooled connections terminated").isPositive();

        given().get(READINESS).then().statusCode(503);

        // the pool drops the dead connections in its own background work; each probe waits at most the timeout
        Duration patience = ConfigProvider.getConfig()
                .getValue("quarkus.datasource.jdbc.validation-query-timeout", Duration.class).plusSeconds(10);
        List<Integer> probes = new ArrayList<>();
        long deadline = System.nanoTime() + patience.toNanos();
        do {
            probes.add(given().get(READINESS).statusCode());
        } while (probes.get(probes.size() - 1) != 200 && System.nanoTime() - deadline < 0 && pause());
        assertThat(probes).as("readiness probes after the dead connection was met, for up to " + patience)
                .endsWith(200);
        given().get("/users").then().statusCode(200);
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }
}
