package org.acme.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.acme.config.JsonConfigFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The manifests that the build generates into target/kubernetes/, read as a cluster would read them. */
class KubernetesManifestsIT {

    private static final Path MANIFESTS = Path.of("target/kubernetes/kubernetes.yml");

    private static List<JsonNode> resources;

    @BeforeAll
    static void readManifests() throws IOException {
        resources = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(MANIFESTS.toFile())) {
            while (documents.hasNext()) {
                resources.add(documents.next());
            }
        }
    }

    @Test
    void deploymentProbesTheHealthEndpoints() {
        JsonNode container = container();

        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/livenessProbe/httpGet/port").asInt()).isEqualTo(8080);
    }

    @Test
    void deploymentRequestsAndLimitsResources() {
        JsonNode resourcesOfContainer = container().get("resources");

        assertThat(resourcesOfContainer.at("/requests/cpu").asText()).isNotEmpty();
        assertThat(resourcesOfContainer.at("/requests/memory").asText()).isNotEmpty();
        assertThat(resourcesOfContainer.at("/limits/cpu").asText()).isNotEmpty();
        assertThat(resourcesOfContainer.at("/limits/memory").asText()).isNotEmpty();
    }

    @Test
    void theDatabasePasswordComesFromASecretReference() {
        JsonNode password = env("POSTGRES_PASSWORD");

        assertThat(password.has("value")).as("a literal password").isFalse();
        assertThat(password.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("users-db");
        assertThat(password.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("POSTGRES_PASSWORD");
    }

    @Test
    void theOtherSettingsComeFromAConfigMapHoldingExactlyTheProductionFile() {
        assertThat(container().at("/envFrom/0/configMapRef/name").asText()).isEqualTo("users-config");

        JsonNode configMap = resource("ConfigMap", "users-config");
        Map<String, String> production = JsonConfigFile.read(Path.of("config/production.json")).values();
        assertThat(configMap.get("data").properties())
                .extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrderElementsOf(production.keySet());
        production.forEach((name, value) -> assertThat(configMap.at("/data/" + name).asText()).as(name).isEqualTo(value));
    }

    @Test
    void noSecretValueIsWrittenIntoTheManifests() throws IOException {
        String manifests = Files.readString(MANIFESTS);
        for (String environment : new String[] { "development", "testing" }) {
            String password = JsonConfigFile.read(Path.of("config", environment + ".json")).values().get("POSTGRES_PASSWORD");
            assertThat(manifests).doesNotContainPattern("(?i)password\\W+" + password);
        }
        for (JsonNode variable : container().get("env")) {
            if (variable.get("name").asText().matches("(?i).*(PASSWORD|SECRET|TOKEN).*")) {
                assertThat(variable.has("value")).as(variable.get("name").asText()).isFalse();
            }
        }
        assertThat(resources).noneMatch(resource -> resource.get("kind").asText().equals("Secret"));
    }

    @Test
    void aServiceExposesTheHttpPort() {
        JsonNode service = resource("Service", "users");

        assertThat(service.at("/spec/ports/0/targetPort").asInt()).isEqualTo(8080);
    }

    private static JsonNode container() {
        return resource("Deployment", "users").at("/spec/template/spec/containers/0");
    }

    private static JsonNode env(String name) {
        for (JsonNode variable : container().get("env")) {
            if (variable.get("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError("no environment variable " + name + " in the Deployment");
    }

    private static JsonNode resource(String kind, String name) {
        return resources.stream()
                .filter(resource -> resource.get("kind").asText().equals(kind))
                .filter(resource -> resource.at("/metadata/name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + MANIFESTS));
    }
}
