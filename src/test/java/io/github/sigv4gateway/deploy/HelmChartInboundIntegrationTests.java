package io.github.sigv4gateway.deploy;

import static io.github.sigv4gateway.deploy.Manifests.at;
import static io.github.sigv4gateway.deploy.Manifests.container;
import static io.github.sigv4gateway.deploy.Manifests.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import io.github.sigv4gateway.config.GatewayProperties;
import io.github.sigv4gateway.config.TlsProperties;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's standalone inbound values (ci/secured-values.yaml), rendered by real Helm: the TLS, client CA and
 * API-key Secrets are mounted whole (so renewals reach the pod) where the gateway's configuration points, the
 * service-account issuer is passed on, keys set in gateway.extra survive beside them, and NOTES.txt says who can
 * reach the gateway. Sidecar mode takes none of it.
 */
class HelmChartInboundIntegrationTests {

    @Test
    void secured_mountsTheSecretsWhereTheConfigPoints(@TempDir Path secrets) {
        Manifests manifests = HelmChartIntegrationTests.render("secured-values.yaml");
        GatewayProperties properties =
                GatewayConfigBinding.ofYaml(manifests.gatewayConfig()).properties();

        TlsProperties tls = properties.getServer().getTls();
        assertThat(tls.getCertificate()).isEqualTo("/etc/sigv4-gateway/tls/tls.crt");
        assertThat(tls.getPrivateKey()).isEqualTo("/etc/sigv4-gateway/tls/tls.key");
        assertThat(tls.getClientCa()).isEqualTo("/etc/sigv4-gateway/client-ca/ca.crt");
        assertThat(tls.getClientAuth()).isEqualTo(TlsProperties.ClientAuth.WANT);
        assertThat(properties.getServer().getHeaderReadTimeout()).hasSeconds(5);
        assertThat(properties.getApiKeys().getFile()).isEqualTo("/etc/sigv4-gateway/api-keys/keys");
        assertThat(properties.getServiceAccountTokens().getAudience()).isEqualTo("sigv4-gateway");
        assertThat(properties.getAllow()).containsExactly("key:reports", "key:batch");

        List<Map<String, Object>> volumes = list(manifests.podSpec(), "volumes");
        assertThat(volumes)
                .filteredOn(volume -> volume.containsKey("secret"))
                .extracting(volume -> at(volume, "secret.secretName"))
                .containsExactly("invoker-tls", "invoker-tls", "invoker-api-keys");
        assertThat(list(container(manifests.podSpec(), "sigv4-gateway"), "volumeMounts"))
                .as("whole Secrets: a subPath mount never sees an update")
                .noneMatch(mount -> mount.containsKey("subPath"));
        MountedFiles.materialize(manifests, secrets);
    }

    @Test
    void sidecar_takesNoneOfIt() {
        Manifests manifests = new Manifests(new Helm(HelmChartIntegrationTests.CHART)
                .template()
                .withName("gw")
                .withValuesFile(HelmChartIntegrationTests.CHART.resolve("ci").resolve("sidecar-values.yaml"))
                .set("inbound.tls.secretName", "invoker-tls")
                .set("inbound.apiKeys.secretName", "invoker-api-keys")
                .call());

        assertThat(manifests.gatewayConfig()).doesNotContain("tls").doesNotContain("api-keys");
        assertThat(list(manifests.podSpec(), "volumes")).noneMatch(volume -> volume.containsKey("secret"));
        assertThat(manifests.find("NetworkPolicy")).isEmpty();
    }

    @Test
    void clientCaWithoutTls_failsTheRender() {
        assertThatThrownBy(() -> new Helm(HelmChartIntegrationTests.CHART)
                        .template()
                        .withName("gw")
                        .set("gateway.target", "https://abcdefghijklmnop.lambda-url.us-east-1.on.aws")
                        .set("inbound.clientCa.secretName", "client-ca")
                        .call())
                .hasMessageContaining("inbound.clientCa.secretName needs inbound.tls.secretName");
    }

    @Test
    void notes_sayWhoCanReachTheGateway() {
        String secured = notes("secured-values.yaml", Map.of());
        assertThat(secured)
                .contains("https://gw-sigv4-gateway.apps.svc:8080/")
                .contains("Who can reach it: only pods labelled {\"sigv4-gateway-client\":\"true\"} in apps")
                .contains("Clients need a certificate signed by the CA in Secret invoker-tls (client-auth want)")
                .contains("API keys: SHA-256 hashes from Secret invoker-api-keys, sent as Authorization: Bearer KEY");

        assertThat(notes("default-values.yaml", Map.of("networkPolicy.enabled", false)))
                .contains("http://gw-sigv4-gateway.apps.svc:8080/")
                .contains("Who can reach it: any pod that reaches the Service, calling the function as the"
                        + " gateway's IAM role");
    }

    private static String notes(String scenario, Map<String, Object> values) {
        var install = new Helm(HelmChartIntegrationTests.CHART)
                .install()
                .withName("gw")
                .withNamespace("apps")
                .withValuesFile(HelmChartIntegrationTests.CHART.resolve("ci").resolve(scenario))
                .clientOnly()
                .dryRun();
        values.forEach(install::set);
        return install.call().getOutput();
    }
}
