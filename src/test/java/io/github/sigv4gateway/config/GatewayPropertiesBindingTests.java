package io.github.sigv4gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Binding before the context: every unreadable value and unknown key, each with what would be right. */
class GatewayPropertiesBindingTests {

    @Test
    void bind_validKeys_bindsThemWithoutProblems() {
        GatewayPropertiesBinding.Result bound = GatewayPropertiesBinding.bind(environment(Map.of(
                "sigv4-gateway.target", "https://abc.lambda-url.us-east-1.on.aws",
                "sigv4-gateway.max-body-size", "1MB",
                "sigv4-gateway.routes[0].strip-prefix", "2",
                "sigv4-gateway.credentials.ops.type", "assume-role",
                "sigv4-gateway.server.header-read-timeout", "3s")));

        assertThat(bound.problems()).isEmpty();
        assertThat(bound.properties().getMaxBodySize().toMegabytes()).isEqualTo(1);
        assertThat(bound.properties().getRoutes().getFirst().getStripPrefix()).isEqualTo(2);
        assertThat(bound.properties().getCredentials().get("ops").getType()).isEqualTo(CredentialsType.ASSUME_ROLE);
    }

    @Test
    void bind_inboundKeys_bind_andTheirTyposNameTheNearestKey() {
        GatewayPropertiesBinding.Result bound = GatewayPropertiesBinding.bind(environment(Map.of(
                "sigv4-gateway.server.tls.client-auth", "want",
                "sigv4-gateway.routes[0].max-concurrent", "5",
                "sigv4-gateway.api-keys.fiel", "/etc/keys",
                "sigv4-gateway.service-account-tokens.audiance", "sigv4-gateway",
                "sigv4-gateway.api-keys.configured", "true")));

        assertThat(bound.properties().getServer().getTls().getClientAuth()).isEqualTo(TlsProperties.ClientAuth.WANT);
        assertThat(bound.properties().getRoutes().getFirst().getMaxConcurrent()).isEqualTo(5);
        assertThat(bound.problems())
                .extracting(ConfigProblem::describe)
                .containsExactlyInAnyOrder(
                        "sigv4-gateway.api-keys.fiel: unknown key, did you mean sigv4-gateway.api-keys.file? (from test)",
                        "sigv4-gateway.service-account-tokens.audiance: unknown key, did you mean"
                                + " sigv4-gateway.service-account-tokens.audience? (from test)",
                        "sigv4-gateway.api-keys.configured: unknown key (from test)");
    }

    @Test
    void bind_unreadableValues_areEachReported_andKeepTheirDefaults() {
        GatewayPropertiesBinding.Result bound = GatewayPropertiesBinding.bind(environment(Map.of(
                "sigv4-gateway.max-body-size", "lots",
                "sigv4-gateway.credentials.default.type", "magic")));

        assertThat(bound.problems())
                .extracting(ConfigProblem::describe)
                .containsExactlyInAnyOrder(
                        "sigv4-gateway.max-body-size = 'lots': a size such as 6MB or 512KB",
                        "sigv4-gateway.credentials.default.type = 'magic': must be one of default-chain, static,"
                                + " session-token, assume-role, web-identity");
        assertThat(bound.properties().getMaxBodySize().toMegabytes()).isEqualTo(6);
    }

    @Test
    void bind_unknownKeys_nameTheNearestValidKey_neverTheirValue() {
        GatewayPropertiesBinding.Result bound = GatewayPropertiesBinding.bind(environment(Map.of(
                "sigv4-gateway.taget", "https://abc.lambda-url.us-east-1.on.aws",
                "sigv4-gateway.routes[3].respone-timeout", "5s",
                "sigv4-gateway.credentials.prod.secret-acess-key", "wJalrXUtnFEMI/K7MDENG",
                "sigv4-gateway.max-bodysize", "1MB",
                "sigv4-gateway.something-else-entirely", "x")));

        assertThat(bound.problems())
                .extracting(ConfigProblem::describe)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("sigv4-gateway.taget: unknown key, did you mean sigv4-gateway.target?"))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("sigv4-gateway.routes[3].respone-timeout: unknown"
                                + " key, did you mean sigv4-gateway.routes[3].response-timeout?"))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("sigv4-gateway.credentials.prod.secret-acess-key:"
                                + " unknown key, did you mean sigv4-gateway.credentials.prod.secret-access-key?"))
                .anySatisfy(line -> assertThat(line)
                        .isEqualTo(
                                "sigv4-gateway.max-bodysize: unknown key, did you mean sigv4-gateway.max-body-size?"))
                .anySatisfy(
                        line -> assertThat(line).startsWith("sigv4-gateway.something-else-entirely: unknown key (from"))
                .noneSatisfy(line -> assertThat(line).contains("wJalrXUtnFEMI"));
    }

    @Test
    void bind_relaxedFormsBootDocuments_areAccepted() {
        StandardEnvironment environment = environment(Map.of("sigv4-gateway.maxBodySize", "2MB"));
        environment
                .getPropertySources()
                .addLast(new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("SIGV4GATEWAY_CREDENTIALS_DEFAULT_ACCESSKEYID", "AKIDEXAMPLE")));

        GatewayPropertiesBinding.Result bound = GatewayPropertiesBinding.bind(environment);

        assertThat(bound.problems()).isEmpty();
        assertThat(bound.properties().getMaxBodySize().toMegabytes()).isEqualTo(2);
        assertThat(bound.properties().getCredentials().get("default").getAccessKeyId())
                .isEqualTo("AKIDEXAMPLE");
    }

    @Test
    void nearest_farFromEveryKey_suggestsNothing() {
        assertThat(ConfigurationKeys.nearest(ConfigurationPropertyName.of("sigv4-gateway.quux")))
                .isNull();
        assertThat(ConfigurationKeys.nearest(ConfigurationPropertyName.of("sigv4-gateway.server.header-read-timout")))
                .isEqualTo("sigv4-gateway.server.header-read-timeout");
    }

    private static StandardEnvironment environment(Map<String, Object> values) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .forEach(source -> environment.getPropertySources().remove(source.getName()));
        environment.getPropertySources().addFirst(new MapPropertySource("test", values));
        return environment;
    }
}
