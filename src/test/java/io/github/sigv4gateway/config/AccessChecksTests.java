package io.github.sigv4gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessChecksTests {

    private static final String HASH = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";

    @Test
    void route_withAllowMethodsAndLimit_resolvesThemTyped() {
        GatewayProperties properties = gateway();
        properties.getServer().getTls().setCertificate("/tls.crt");
        properties.getServer().getTls().setClientCa("/ca.crt");
        properties.getApiKeys().getSha256().put("reports", HASH);
        properties.setAllow(List.of(
                "uri:spiffe://cluster.local/ns/shop/sa/orders", "subject:CN=reports, O=shop", "key:reports", "key:*"));
        properties.setMethods(List.of("get", "POST"));
        properties.setMaxConcurrent(20);
        List<ConfigProblem> problems = new ArrayList<>();

        List<GatewayRoute> routes = new RouteResolver(Optional::empty).resolve(properties, problems);

        assertThat(problems).isEmpty();
        RouteAccess access = routes.getFirst().access();
        assertThat(access.allow())
                .extracting(AllowedClient::kind)
                .containsExactly(
                        AllowedClient.Kind.URI,
                        AllowedClient.Kind.SUBJECT,
                        AllowedClient.Kind.KEY,
                        AllowedClient.Kind.KEY);
        assertThat(access.allow().get(1).subject().getName()).isEqualTo("CN=reports,O=shop");
        assertThat(access.methods()).containsExactlyInAnyOrder("GET", "POST");
        assertThat(access.maxConcurrent()).isEqualTo(20);
        assertThat(access.acceptsKeys()).isTrue();
        assertThat(access.acceptsCertificates()).isTrue();
    }

    @Test
    void unsetKeys_leaveTheRouteOpen() {
        List<ConfigProblem> problems = new ArrayList<>();

        List<GatewayRoute> routes = new RouteResolver(Optional::empty).resolve(gateway(), problems);

        assertThat(routes.getFirst().access()).isEqualTo(RouteAccess.OPEN);
        assertThat(routes.getFirst().access().open()).isTrue();
    }

    @Test
    void everyProblem_isNamedAtOnce() {
        GatewayProperties properties = gateway();
        properties.setAllow(List.of("orders", "uri:spiffe://x/y", "key:reports", "subject:not a dn", "certificate:x"));
        properties.setMethods(List.of("GET", "FETCH"));
        properties.setMaxConcurrent(-1);
        properties.getApiKeys().setReloadInterval(java.time.Duration.ZERO);
        List<ConfigProblem> problems = new ArrayList<>();

        new RouteResolver(Optional::empty).resolve(properties, problems);
        AccessChecks.checkApiKeys(properties.getApiKeys(), problems);

        assertThat(problems)
                .extracting(ConfigProblem::describe)
                .containsExactly(
                        "sigv4-gateway.allow[0] = 'orders': must start with uri:, dns:, subject:, certificate:*, key: or"
                                + " system:serviceaccount:",
                        "sigv4-gateway.allow[1] = 'uri:spiffe://x/y': needs client certificates: set"
                                + " sigv4-gateway.server.tls.client-ca",
                        "sigv4-gateway.allow[2] = 'key:reports': needs API keys: set sigv4-gateway.api-keys.file or"
                                + " sigv4-gateway.api-keys.sha256.<name>",
                        "sigv4-gateway.allow[3] = 'subject:not a dn': not a distinguished name such as"
                                + " subject:CN=orders,O=shop",
                        "sigv4-gateway.allow[4] = 'certificate:x': certificate: takes only *, any verified client"
                                + " certificate",
                        "sigv4-gateway.methods = 'FETCH': must be among [DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT]",
                        "sigv4-gateway.max-concurrent = '-1': must be 0 (no limit) or more",
                        "sigv4-gateway.api-keys.reload-interval = 'PT0S': must be more than 0, e.g. 5s");
    }

    @Test
    void apiKeyProblems_nameTheEntryOrLine_neverItsText() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("keys", ".txt");
        try {
            java.nio.file.Files.writeString(file, "# keys\nreports:" + HASH + "\norders:the-raw-key-by-mistake\n");
            ApiKeysProperties keys = new ApiKeysProperties();
            keys.setFile(file.toString());
            keys.getSha256().put("bad name!", HASH);
            List<ConfigProblem> problems = new ArrayList<>();

            AccessChecks.checkApiKeys(keys, problems);

            assertThat(problems)
                    .extracting(ConfigProblem::describe)
                    .hasSize(2)
                    .noneMatch(line -> line.contains("the-raw-key-by-mistake"));
            assertThat(problems.get(0).reason()).startsWith("bad name!: the name must be");
            assertThat(problems.get(1).reason()).startsWith("line 3: not a SHA-256 in hex");
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void serviceAccounts_needTheIssuersThreeKeys_andKubernetesNames() {
        GatewayProperties properties = gateway();
        properties.setAllow(List.of("system:serviceaccount:shop:orders", "system:serviceaccount:Shop"));
        properties.getServiceAccountTokens().setJwkSetUri("http://issuer.example/keys");
        List<ConfigProblem> problems = new ArrayList<>();

        List<GatewayRoute> routes = new RouteResolver(Optional::empty).resolve(properties, problems);
        AccessChecks.checkServiceAccountTokens(properties, problems);

        assertThat(routes).isEmpty();
        assertThat(problems)
                .extracting(ConfigProblem::describe)
                .containsExactly(
                        "sigv4-gateway.allow[1] = 'system:serviceaccount:Shop': not"
                                + " system:serviceaccount:NAMESPACE:NAME",
                        "sigv4-gateway.service-account-tokens.issuer = (unset): required: the issuer the tokens name"
                                + " (iss)",
                        "sigv4-gateway.service-account-tokens.audience = (unset): required: the audience the tokens"
                                + " are bound to, e.g. sigv4-gateway",
                        "sigv4-gateway.service-account-tokens.jwk-set-uri = 'http://issuer.example/keys': must be an"
                                + " https:// URL (http:// only for local emulators: a loopback address, or a host listed"
                                + " in sigv4-gateway.allowed-http-hosts)");
    }

    @Test
    void serviceAccountEntry_withTokensConfigured_isTheWholeSubject() {
        GatewayProperties properties = gateway();
        properties.setAllow(List.of("system:serviceaccount:shop:orders"));
        properties.getServiceAccountTokens().setIssuer("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC");
        properties.getServiceAccountTokens().setJwkSetUri("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC/keys");
        properties.getServiceAccountTokens().setAudience("sigv4-gateway");
        List<ConfigProblem> problems = new ArrayList<>();

        List<GatewayRoute> routes = new RouteResolver(Optional::empty).resolve(properties, problems);
        AccessChecks.checkServiceAccountTokens(properties, problems);

        assertThat(problems).isEmpty();
        assertThat(routes.getFirst().access().allow())
                .singleElement()
                .satisfies(entry -> assertThat(entry.value()).isEqualTo("system:serviceaccount:shop:orders"));
        assertThat(routes.getFirst().access().acceptsServiceAccounts()).isTrue();
    }

    private static GatewayProperties gateway() {
        GatewayProperties properties = new GatewayProperties();
        properties.setTarget("https://abcdef123.lambda-url.eu-west-2.on.aws");
        return properties;
    }
}
