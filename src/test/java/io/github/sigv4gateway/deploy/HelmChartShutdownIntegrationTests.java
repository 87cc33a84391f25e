package io.github.sigv4gateway.deploy;

import static io.github.sigv4gateway.deploy.HelmChartIntegrationTests.CHART;
import static io.github.sigv4gateway.deploy.Manifests.at;
import static io.github.sigv4gateway.deploy.Manifests.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.ClassPathResource;

/**
 * The chart's part of a graceful shutdown, rendered by real Helm in every mode: a preStop sleep on the gateway
 * container (so endpoint removal, or the app beside it, goes first), the gateway's grace in its ConfigMap, and a
 * pod terminationGracePeriodSeconds that covers both. What the gateway does with SIGTERM is proven on the packaged
 * jar (GracefulShutdownPackagedIntegrationTests).
 */
class HelmChartShutdownIntegrationTests {

    static List<String> scenarios() throws IOException {
        return HelmChartIntegrationTests.scenarios().toList();
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyScenario_sleepsBeforeSigterm_andGivesThePodTheSleepPlusTheGrace(String scenario) throws IOException {
        Manifests manifests = HelmChartIntegrationTests.render(scenario);
        Map<String, Object> pod = manifests.podSpec();
        assertThat(at(container(pod, "sigv4-gateway"), "lifecycle.preStop.exec.command"))
                .isEqualTo(List.of("sleep", "5"));
        Duration grace = GatewayConfigBinding.ofYaml(manifests.gatewayConfig())
                .get("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                .orElseThrow();
        assertThat(grace).as("the chart's grace is the jar's own default").isEqualTo(jarDefaultGrace());
        assertThat(pod.get("terminationGracePeriodSeconds"))
                .as("5 s sleep + 20 s grace + 5 s to exit: Kubernetes' own default")
                .isEqualTo(30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"default-values.yaml", "sidecar-values.yaml", "sidecar-native-values.yaml"})
    void values_setTheSleepTheGraceAndThePodsDeadline_together(String scenario) {
        Manifests manifests = new Manifests(template(scenario)
                .set("lifecycle.preStopSleepSeconds", "10")
                .set("lifecycle.shutdownGraceSeconds", "40")
                .call());
        Map<String, Object> pod = manifests.podSpec();
        assertThat(at(container(pod, "sigv4-gateway"), "lifecycle.preStop.exec.command"))
                .isEqualTo(List.of("sleep", "10"));
        assertThat(GatewayConfigBinding.ofYaml(manifests.gatewayConfig())
                        .get("spring.lifecycle.timeout-per-shutdown-phase", Duration.class))
                .contains(Duration.ofSeconds(40));
        assertThat(pod.get("terminationGracePeriodSeconds")).isEqualTo(55);
    }

    @Test
    void zeroSleep_rendersNoHook_andAShorterDeadline() {
        Map<String, Object> pod = new Manifests(template("sidecar-values.yaml")
                        .set("lifecycle.preStopSleepSeconds", "0")
                        .call())
                .podSpec();
        assertThat(container(pod, "sigv4-gateway")).doesNotContainKey("lifecycle");
        assertThat(pod.get("terminationGracePeriodSeconds")).isEqualTo(25);
    }

    @Test
    void explicitDeadline_isKept_whenItCoversTheSleepAndTheGrace() {
        Map<String, Object> pod = new Manifests(template("default-values.yaml")
                        .set("lifecycle.terminationGracePeriodSeconds", "90")
                        .call())
                .podSpec();
        assertThat(pod.get("terminationGracePeriodSeconds")).isEqualTo(90);
    }

    @Test
    void explicitDeadline_shorterThanTheSleepPlusTheGrace_failsTheRender() {
        assertThatThrownBy(() -> template("sidecar-values.yaml")
                        .set("lifecycle.terminationGracePeriodSeconds", "20")
                        .call())
                .hasMessageContaining("lifecycle.terminationGracePeriodSeconds (20) must be at least"
                        + " lifecycle.preStopSleepSeconds + lifecycle.shutdownGraceSeconds (25)");
    }

    private static TemplateCommand template(String scenario) {
        return new Helm(CHART)
                .template()
                .withName("gw")
                .withNamespace("apps")
                .withValuesFile(CHART.resolve("ci").resolve(scenario));
    }

    private static Duration jarDefaultGrace() throws IOException {
        return GatewayConfigBinding.ofYaml(
                        new ClassPathResource("application.yaml").getContentAsString(StandardCharsets.UTF_8))
                .get("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                .orElseThrow();
    }
}
