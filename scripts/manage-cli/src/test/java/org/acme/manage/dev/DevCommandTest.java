package org.acme.manage.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

import org.junit.jupiter.api.Test;

class DevCommandTest {

    private static BinaryOperator<String> settings(Map<String, String> values) {
        return values::getOrDefault;
    }

    @Test
    void tellsWhereTheDevUiAndSwaggerUiAreOnTheirPorts() {
        assertThat(DevCommand.devUiLine(settings(Map.of()), List.of())).isEqualTo("Dev UI: http://localhost:8080"
                + "/q/dev-ui  Swagger UI: http://localhost:9000/q/swagger-ui  OpenAPI: http://localhost:9000/q/openapi");
        assertThat(DevCommand.devUiLine(settings(Map.of("QUARKUS_HTTP_PORT", "8180", "QUARKUS_MANAGEMENT_PORT", "9100")),
                List.of())).contains("localhost:8180/q/dev-ui", "localhost:9100/q/swagger-ui");
    }

    @Test
    void aPortGivenToMavenWins() {
        assertThat(DevCommand.devUiLine(settings(Map.of()), List.of("-Dquarkus.http.port=8081", "-Ddebug=false",
                "-Dquarkus.management.port=9001")))
                .contains("http://localhost:8081/q/dev-ui", "http://localhost:9001/q/swagger-ui")
                .doesNotContain("8080", "9000");
        assertThat(DevCommand.devUiLine(settings(Map.of()), List.of("-Dquarkus.http.port=0")))
                .startsWith("Dev UI: /q/dev-ui (on the port Quarkus prints)  Swagger UI: http://localhost:9000/");
    }
}
