package org.acme.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import org.acme.config.JsonConfigFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The manifests that the build generates into target/kubernetes/, read as a cluster would read them. */
class KubernetesManifestsIT {

    private static final Path MANIFESTS = Path.of("target/kubernetes/kubernetes.yml");
    private static final int API_PORT = 8080;
    private static final int MANAGEMENT_PORT = 9000;
    /** The user of docker/Dockerfile.jvm and docker/Dockerfile.native. */
    private static final int IMAGE_USER = 185;

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
    void deploymentProbesTheHealthEndpointsOnTheManagementPort() {
        JsonNode container = container();

        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
        for (String probe : new String[] { "livenessProbe", "readinessProbe", "startupProbe" }) {
            assertThat(container.at("/" + probe + "/httpGet/port").asInt()).as(probe).isEqualTo(MANAGEMENT_PORT);
        }
        assertThat(container.get("ports")).extracting(port -> port.get("containerPort").asInt())
                .containsExactlyInAnyOrder(API_PORT, MANAGEMENT_PORT);
    }

    /**
     * The Deployment runs the image that quarkus-container-image-docker builds from docker/Dockerfile.jvm
     * (./mvnw package -Dquarkus.container-image.build=true), and docker/production.yml runs the same one.
     */
    @Test
    void deploymentRunsTheImageThatTheBuildAndComposeName() throws IOException {
        String image = container().get("image").asText();
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        JsonNode compose = new YAMLMapper().readTree(Path.of("docker/production.yml").toFile());

        assertThat(properties.getProperty("quarkus.docker.dockerfile-jvm-path")).isEqualTo("docker/Dockerfile.jvm");
        assertThat(image).isEqualTo("docker.io/acme/users:1.0.0");
        assertThat("docker.io/" + compose.at("/services/web/image").asText()).isEqualTo(image);
        assertThat(compose.at("/services/web/build/dockerfile").asText()).isEqualTo("docker/Dockerfile.jvm");
    }

    /** Prometheus scrapes each pod on the management port, which the pod annotations name. */
    @Test
    void prometheusScrapesTheManagementPort() {
        JsonNode annotations = resource("Deployment", "users").at("/spec/template/metadata/annotations");

        assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
        assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(String.valueOf(MANAGEMENT_PORT));
    }

    /** The Pod Security Standard "restricted", and a root filesystem that nothing may write but /tmp. */
    @Test
    void theContainerRunsUnprivilegedOnAReadOnlyRootFilesystem() {
        JsonNode pod = resource("Deployment", "users").at("/spec/template/spec");
        JsonNode container = container();

        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(IMAGE_USER);
        assertThat(pod.at("/securityContext/runAsGroup").asInt()).isEqualTo(IMAGE_USER);
        JsonNode securityContext = container.get("securityContext");
        assertThat(securityContext.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(securityContext.path("allowPrivilegeEscalation").isBoolean()).isTrue();
        assertThat(securityContext.path("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(securityContext.at("/capabilities/drop")).extracting(JsonNode::asText).containsExactly("ALL");
        assertThat(securityContext.at("/capabilities/add").isMissingNode()).isTrue();
        assertThat(securityContext.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(securityContext.path("privileged").asBoolean()).isFalse();
    }

    @Test
    void tmpIsAnEmptyDirTheOnlyWritablePlace() {
        JsonNode pod = resource("Deployment", "users").at("/spec/template/spec");

        assertThat(container().get("volumeMounts")).singleElement().satisfies(mount -> {
            assertThat(mount.get("mountPath").asText()).isEqualTo("/tmp");
            assertThat(mount.path("readOnly").asBoolean()).isFalse();
            assertThat(pod.get("volumes")).singleElement().satisfies(volume -> {
                assertThat(volume.get("name").asText()).isEqualTo(mount.get("name").asText());
                assertThat(volume.has("emptyDir")).isTrue();
            });
        });
    }

    @Test
    void noServiceAccountTokenIsMountedIntoThePod() {
        JsonNode automount = resource("Deployment", "users").at("/spec/template/spec/automountServiceAccountToken");

        assertThat(automount.isBoolean()).as("automountServiceAccountToken is set").isTrue();
        assertThat(automount.asBoolean()).isFalse();
    }

    @Test
    void aDisruptionBudgetKeepsOneReplicaOfTheDeploymentRunning() {
        JsonNode budget = resource("PodDisruptionBudget", "users");
        JsonNode podLabels = resource("Deployment", "users").at("/spec/template/metadata/labels");

        assertThat(budget.get("apiVersion").asText()).isEqualTo("policy/v1");
        assertThat(budget.at("/spec/minAvailable").asInt()).isEqualTo(1);
        assertThat(resource("Deployment", "users").at("/spec/replicas").asInt()).isGreaterThan(1);
        JsonNode selector = budget.at("/spec/selector/matchLabels");
        assertThat(selector.size()).isPositive();
        selector.properties().forEach(label -> assertThat(podLabels.path(label.getKey()).asText())
                .as("pod label " + label.getKey()).isEqualTo(label.getValue().asText()));
    }

    @Test
    void deploymentRequestsAndLimitsResources() {
        JsonNode resourcesOfContainer = container().get("resources");

        assertThat(resourcesOfContainer.at("/requests/cpu").asText()).isNotEmpty();
        assertThat(resourcesOfContainer.at("/requests/memory").asText()).isNotEmpty();
        assertThat(resourcesOfContainer.at("/limits/cpu").asText()).isNotEmpty();
        assertThat(resourcesOfContainer.at("/limits/memory").asText()).isNotEmpty();
    }

    /**
     * The serving container gets the service's password alone; the owner's goes to the init container that migrates,
     * which runs the same image in the profile migrate before the service's container starts.
     */
    @Test
    void onlyTheMigratingInitContainerGetsTheOwnerPassword() {
        assertSecretReference(env(container(), "APPLICATION_USER_PASSWORD"), "APPLICATION_USER_PASSWORD");
        assertThat(container().get("env")).extracting(variable -> variable.get("name").asText())
                .doesNotContain("APPLICATION_OWNER_PASSWORD", "QUARKUS_PROFILE");

        JsonNode migrate = initContainer();
        assertSecretReference(env(migrate, "APPLICATION_OWNER_PASSWORD"), "APPLICATION_OWNER_PASSWORD");
        assertThat(migrate.get("env")).extracting(variable -> variable.get("name").asText())
                .doesNotContain("APPLICATION_USER_PASSWORD");
        assertThat(env(migrate, "QUARKUS_PROFILE").get("value").asText()).isEqualTo("migrate");
        assertThat(env(migrate, "APPLICATION_CONFIG_DIR")).isEqualTo(env(container(), "APPLICATION_CONFIG_DIR"));
        assertThat(migrate.get("image").asText()).isEqualTo(container().get("image").asText());
        assertThat(migrate.get("imagePullPolicy")).isEqualTo(container().get("imagePullPolicy"));
        assertThat(migrate.get("envFrom")).isEqualTo(container().get("envFrom"));
        assertThat(migrate.get("securityContext")).isEqualTo(container().get("securityContext"));
        assertThat(migrate.get("volumeMounts")).extracting(mount -> mount.get("mountPath").asText())
                .containsExactly("/tmp");
        assertThat(migrate.at("/resources/limits/memory")).isEqualTo(container().at("/resources/limits/memory"));
        assertThat(resource("Deployment", "users").at("/spec/template/spec/initContainers")).hasSize(1);
    }

    /**
     * docker/production.yml as the manifests: a one-shot migrate of the same image, alone given the owner's password,
     * that web waits for.
     */
    @Test
    void inComposeOnlyTheOneShotMigrateGetsTheOwnerPassword() throws IOException {
        JsonNode services = new YAMLMapper().readTree(Path.of("docker/production.yml").toFile()).get("services");
        JsonNode web = services.get("web");
        JsonNode migrate = services.get("migrate");

        assertThat(migrate.get("image")).isEqualTo(web.get("image"));
        assertThat(migrate.get("build")).isEqualTo(web.get("build"));
        assertThat(migrate.at("/environment/QUARKUS_PROFILE").asText()).isEqualTo("migrate");
        assertThat(migrate.at("/environment/APPLICATION_OWNER_PASSWORD").asText())
                .isEqualTo("${APPLICATION_OWNER_PASSWORD}");
        assertThat(migrate.get("environment").has("APPLICATION_USER_PASSWORD")).isFalse();
        assertThat(migrate.path("restart").asText()).isEqualTo("no");
        assertThat(web.get("environment").has("APPLICATION_OWNER_PASSWORD")).isFalse();
        assertThat(web.get("environment").has("QUARKUS_PROFILE")).isFalse();
        assertThat(web.at("/depends_on/migrate/condition").asText()).isEqualTo("service_completed_successfully");
        assertThat(migrate.at("/depends_on/db/condition").asText()).isEqualTo("service_healthy");
        for (String setting : new String[] { "read_only", "tmpfs", "cap_drop", "security_opt", "mem_limit" }) {
            assertThat(migrate.get(setting)).as(setting).isEqualTo(web.get(setting));
        }
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
            JsonConfigFile.read(Path.of("config", environment + ".json")).values().forEach((name, value) -> {
                if (name.endsWith("PASSWORD")) {
                    assertThat(manifests).as(name).doesNotContainPattern("(?i)password\\W+" + Pattern.quote(value));
                }
            });
        }
        for (JsonNode anyContainer : new JsonNode[] { container(), initContainer() }) {
            for (JsonNode variable : anyContainer.get("env")) {
                if (variable.get("name").asText().matches("(?i).*(PASSWORD|SECRET|TOKEN).*")) {
                    assertThat(variable.has("value")).as(variable.get("name").asText()).isFalse();
                }
            }
        }
        assertThat(resources).noneMatch(resource -> resource.get("kind").asText().equals("Secret"));
    }

    /** The Service carries the API only: the management port is reached on each pod, by the kubelet and Prometheus. */
    @Test
    void theServiceExposesTheApiPortOnly() {
        JsonNode service = resource("Service", "users");

        assertThat(service.at("/spec/ports")).singleElement()
                .satisfies(port -> assertThat(port.get("targetPort").asInt()).isEqualTo(API_PORT));
        assertThat(resources).filteredOn(resource -> resource.get("kind").asText().equals("Service")).hasSize(1);
    }

    private static JsonNode container() {
        return resource("Deployment", "users").at("/spec/template/spec/containers/0");
    }

    private static JsonNode initContainer() {
        return resource("Deployment", "users").at("/spec/template/spec/initContainers/0");
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode variable : container.get("env")) {
            if (variable.get("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError("no environment variable " + name + " in the container " + container.get("name"));
    }

    private static void assertSecretReference(JsonNode password, String name) {
        assertThat(password.has("value")).as("a literal " + name).isFalse();
        assertThat(password.at("/valueFrom/secretKeyRef/name").asText()).as(name).isEqualTo("users-db");
        assertThat(password.at("/valueFrom/secretKeyRef/key").asText()).as(name).isEqualTo(name);
    }

    private static JsonNode resource(String kind, String name) {
        return resources.stream()
                .filter(resource -> resource.get("kind").asText().equals(kind))
                .filter(resource -> resource.at("/metadata/name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + MANIFESTS));
    }
}
