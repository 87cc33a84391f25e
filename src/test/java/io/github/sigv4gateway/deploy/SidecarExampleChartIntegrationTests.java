package io.github.sigv4gateway.deploy;

import static io.github.sigv4gateway.deploy.Manifests.at;
import static io.github.sigv4gateway.deploy.Manifests.container;
import static io.github.sigv4gateway.deploy.Manifests.list;
import static io.github.sigv4gateway.deploy.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented way to add the gateway to your own workload: {@code helm/examples/app-with-sidecar}, a chart
 * with sigv4-gateway as a dependency that includes the named templates in its own Deployment. Rendered by real
 * Helm with the dependency resolved from the chart directory.
 */
class SidecarExampleChartIntegrationTests {

    @TempDir
    Path work;

    /** A copy of helm/, so resolving the dependency writes into the copy's charts/, not the source tree. */
    private Path example() throws IOException {
        Path helm = Path.of("helm");
        try (Stream<Path> files = Files.walk(helm)) {
            for (Path source : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = work.resolve(helm.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        return work.resolve("examples/app-with-sidecar");
    }

    @Test
    void example_addsTheGatewayContainerBesideTheApp_withItsConfigMapAndVolumes() throws IOException {
        Manifests manifests = new Manifests(new Helm(example())
                .template()
                .withName("shop")
                .dependencyUpdate()
                .call());

        Map<String, Object> pod = manifests.podSpec();
        assertThat(list(pod, "containers"))
                .extracting(c -> c.get("name"))
                .containsExactly("legacy-app", "sigv4-gateway");
        Map<String, Object> app = container(pod, "legacy-app");
        assertThat(list(app, "env"))
                .anySatisfy(env -> assertThat(env)
                        .containsEntry("name", "FUNCTION_BASE_URL")
                        .containsEntry("value", "http://127.0.0.1:18080"));

        Map<String, Object> configMap = manifests.one("ConfigMap");
        String configMapName = (String) at(configMap, "metadata.name");
        assertThat(list(pod, "volumes"))
                .anySatisfy(v -> assertThat(at(v, "configMap.name")).isEqualTo(configMapName));
        GatewayConfigBinding config = GatewayConfigBinding.ofYaml(manifests.gatewayConfig());
        assertThat(config.check(Map.of()))
                .singleElement()
                .satisfies(route -> assertThat(route.target().getHost()).startsWith("abcdefghijklmnop."));
        assertThat(config.get("server.address", String.class)).contains("127.0.0.1");

        Map<String, Object> gateway = container(pod, "sigv4-gateway");
        assertThat(at(gateway, "readinessProbe.httpGet.port")).isEqualTo("sigv4-mgmt");
        assertThat(at(gateway, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(at(gateway, "lifecycle.preStop.exec.command"))
                .as("the gateway outlives the app's last request")
                .isEqualTo(List.of("sleep", "5"));
        assertThat(pod.get("terminationGracePeriodSeconds")).isEqualTo(30);
        assertThat(config.get("spring.lifecycle.timeout-per-shutdown-phase", Duration.class))
                .contains(Duration.ofSeconds(20));
        assertThat(manifests.ofKind("Deployment"))
                .as("the dependency renders no pod of its own")
                .hasSize(1);
        assertThat(manifests.ofKind("ServiceAccount"))
                .singleElement()
                .satisfies(sa -> assertThat(at(sa, "metadata.annotations"))
                        .isEqualTo(Map.of(
                                "eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/function-invoker")));
        assertThat((String) at(
                        map(map(manifests.one("Deployment"), "spec"), "template"),
                        "metadata.annotations.checksum/sigv4-gateway-config"))
                .matches("[0-9a-f]{64}");
    }

    @Test
    void gatewaysLifecycleValues_setThePodsDeadline_inTheAppsOwnPod() throws IOException {
        Manifests manifests = new Manifests(new Helm(example())
                .template()
                .withName("shop")
                .dependencyUpdate()
                .set("sigv4-gateway.lifecycle.preStopSleepSeconds", "15")
                .set("sigv4-gateway.lifecycle.shutdownGraceSeconds", "30")
                .call());
        Map<String, Object> pod = manifests.podSpec();
        assertThat(at(container(pod, "sigv4-gateway"), "lifecycle.preStop.exec.command"))
                .isEqualTo(List.of("sleep", "15"));
        assertThat(pod.get("terminationGracePeriodSeconds")).isEqualTo(50);
        assertThat(GatewayConfigBinding.ofYaml(manifests.gatewayConfig())
                        .get("spring.lifecycle.timeout-per-shutdown-phase", Duration.class))
                .contains(Duration.ofSeconds(30));
    }

    @Test
    void sidecarTemplate_outsideSidecarMode_failsWithAClearMessage() throws IOException {
        Path chart = example();
        assertThatThrownBy(() -> new Helm(chart)
                        .template()
                        .withName("shop")
                        .dependencyUpdate()
                        .set("sigv4-gateway.sidecar.enabled", "false")
                        .call())
                .hasMessageContaining("sigv4-gateway.sidecarContainer needs sidecar.enabled=true");
        assertThat(List.of(chart.resolve("charts")))
                .allSatisfy(dir -> assertThat(dir).exists());
    }
}
