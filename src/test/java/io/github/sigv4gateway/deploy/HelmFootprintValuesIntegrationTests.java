package io.github.sigv4gateway.deploy;

import static io.github.sigv4gateway.deploy.Manifests.at;
import static io.github.sigv4gateway.deploy.Manifests.container;
import static io.github.sigv4gateway.deploy.Manifests.list;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart's {@code values-footprint.yaml} (the sidecar footprint profile of bench/README.md), rendered on top of
 * a sidecar scenario as a user would add it: its JVM flags reach the container and a JVM accepts them, it keeps
 * every flag of the default profile that the image's AOT cache depends on (so the cache is still used), and the
 * gateway's configuration is unchanged by it.
 */
class HelmFootprintValuesIntegrationTests {

    private static final Path CHART = HelmChartIntegrationTests.CHART;
    private static final Path FOOTPRINT = CHART.resolve("values-footprint.yaml");

    @Test
    void footprintValues_setTheProfilesFlagsAndLimit_onTopOfASidecarScenario() {
        Manifests manifests = new Manifests(new Helm(CHART)
                .template()
                .withName("gw")
                .withNamespace("apps")
                .withValuesFile(CHART.resolve("ci/sidecar-values.yaml"))
                .withValuesFile(FOOTPRINT)
                .call());

        Map<String, Object> gateway = container(manifests.podSpec(), "sigv4-gateway");
        assertThat(at(gateway, "resources.limits.memory")).isEqualTo("256Mi");
        String options = javaToolOptions(gateway);
        assertThat(options)
                .contains("-XX:TieredStopAtLevel=1", "-Dreactor.netty.ioWorkerCount=1", "-XX:ReservedCodeCacheSize=");
        assertThat(GatewayConfigBinding.ofYaml(manifests.gatewayConfig()).check(HelmChartIntegrationTests.IRSA_ENV))
                .as("the same routes as without the profile")
                .isNotEmpty();
    }

    @Test
    void footprintFlags_keepEveryDefaultFlag_soTheImagesAotCacheStillMatches() throws IOException {
        List<String> defaults = flags(values(CHART.resolve("values.yaml")));
        List<String> footprint = flags(values(FOOTPRINT));

        assertThat(footprint).containsAll(defaults);
        assertThat(footprint)
                .as("object headers are recorded in the AOT cache; the image's is trained without compact ones")
                .noneMatch(flag -> flag.contains("UseCompactObjectHeaders"));
    }

    @Test
    void aJvmStartsWithTheFootprintFlags() throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(flags(values(FOOTPRINT)));
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(java.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(output).isZero();
        assertThat(output).doesNotContainIgnoringCase("warning").doesNotContainIgnoringCase("error");
    }

    private static String javaToolOptions(Map<String, Object> container) {
        return list(container, "env").stream()
                .filter(env -> "JAVA_TOOL_OPTIONS".equals(env.get("name")))
                .map(env -> String.valueOf(env.get("value")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no JAVA_TOOL_OPTIONS in " + container));
    }

    private static Map<String, Object> values(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }

    private static List<String> flags(Map<String, Object> values) {
        return Arrays.asList(
                String.valueOf(values.get("javaToolOptions")).trim().split("\\s+"));
    }
}
