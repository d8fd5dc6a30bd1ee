package org.acme.manage.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class DevCommandTest {

    @Test
    void tellsWhereSwaggerUiAndTheDevUiAreOnTheConfiguredPort() {
        assertThat(DevCommand.devUiLine("8080", List.of())).isEqualTo("Swagger UI: http://localhost:8080/q/swagger-ui"
                + "  Dev UI: http://localhost:8080/q/dev-ui  OpenAPI: http://localhost:8080/q/openapi");
    }

    @Test
    void aPortGivenToMavenWins() {
        assertThat(DevCommand.devUiLine("8080", List.of("-Dquarkus.http.port=8081", "-Ddebug=false")))
                .contains("http://localhost:8081/q/swagger-ui").doesNotContain("8080");
        assertThat(DevCommand.devUiLine("8080", List.of("-Dquarkus.http.port=0")))
                .isEqualTo("Swagger UI: /q/swagger-ui, Dev UI: /q/dev-ui (on the port that Quarkus prints as it "
                        + "starts)");
    }
}
