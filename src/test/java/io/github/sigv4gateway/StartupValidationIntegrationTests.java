package io.github.sigv4gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Invalid configuration stops startup with one clear line per problem, and never prints a secret. */
@ExtendWith(OutputCaptureExtension.class)
class StartupValidationIntegrationTests {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYSECRETKEY";

    @Test
    void invalidConfiguration_failsStartup_listingEveryProblem_withoutSecrets(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(SigV4GatewayApplication.class)
                        .run(
                                "--server.port=0",
                                "--management.server.port=0",
                                "--sigv4-gateway.target=ftp://nowhere",
                                "--sigv4-gateway.routes[0].target=https://example.com",
                                "--sigv4-gateway.routes[0].path=no-slash",
                                "--sigv4-gateway.routes[0].credentials=nope",
                                "--sigv4-gateway.credentials.keys.type=static",
                                "--sigv4-gateway.credentials.keys.secret-access-key=" + SECRET))
                .matches(StartupValidationIntegrationTests::isConfigurationFailure);

        assertThat(output.getOut() + output.getErr())
                .contains("sigv4gateway cannot start".replace("sigv4gateway", "sigv4-gateway"))
                .contains("sigv4-gateway.target = 'ftp://nowhere': must be an https:// URL")
                .contains("sigv4-gateway.routes[0].path = 'no-slash': must start with '/'")
                .contains("sigv4-gateway.routes[0].credentials = 'nope': no such entry")
                .contains("sigv4-gateway.routes[0].service = (unset): cannot be inferred from host 'example.com'")
                .contains("sigv4-gateway.credentials.keys.access-key-id = (unset): required for type static")
                .doesNotContain(SECRET);
    }

    @Test
    void bodyMemoryUnderARoutesMaxBodySize_failsStartup_namingTheRoute(CapturedOutput output) {
        assertThatThrownBy(() -> startWithValidRoute("--sigv4-gateway.server.max-buffered-body-memory=1MB"))
                .matches(StartupValidationIntegrationTests::isConfigurationFailure);
        assertThat(output.getOut() + output.getErr())
                .contains("sigv4-gateway.server.max-buffered-body-memory = '1048576B': is smaller than the"
                        + " max-body-size of route 'default' (6291456 bytes)")
                .doesNotContain(SECRET);
    }

    /** SCG loads its route definitions at startup: a broken SigV4 filter on one of them stops it, listed too. */
    @Test
    void brokenSigV4FilterOnAStandardScgRoute_failsStartup_listingEveryProblem(CapturedOutput output) {
        assertThatThrownBy(() -> startWithValidRoute(
                        "--sigv4-gateway.server.max-buffered-body-memory=8MB",
                        "--spring.cloud.gateway.server.webflux.routes[0].id=reports",
                        "--spring.cloud.gateway.server.webflux.routes[0].uri=https://abc.lambda-url.us-east-1.on.aws",
                        "--spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/reports/**",
                        "--spring.cloud.gateway.server.webflux.routes[0].filters[0].name=SigV4",
                        "--spring.cloud.gateway.server.webflux.routes[0].filters[0].args.region=us-east-1",
                        "--spring.cloud.gateway.server.webflux.routes[0].filters[0].args.service=lambda",
                        "--spring.cloud.gateway.server.webflux.routes[0].filters[0].args.credentials=nope",
                        "--spring.cloud.gateway.server.webflux.routes[0].filters[0].args.max-body-size=10MB"))
                .matches(StartupValidationIntegrationTests::isConfigurationFailure);
        assertThat(output.getOut() + output.getErr())
                .contains("sigv4-gateway cannot start, its configuration has 2 problem(s)")
                .contains("SigV4 filter of route 'reports' credentials = 'nope': no such entry")
                .contains("SigV4 filter of route 'reports' max-body-size = '10485760B': is larger than"
                        + " sigv4-gateway.server.max-buffered-body-memory (8388608 bytes)")
                .doesNotContain(SECRET);
    }

    /** Thrown as it is (the check before the context), or as the root cause of the context's failure. */
    private static boolean isConfigurationFailure(Throwable thrown) {
        return org.springframework.core.NestedExceptionUtils.getMostSpecificCause(thrown)
                instanceof io.github.sigv4gateway.config.InvalidConfigurationException;
    }

    /** Starts the gateway with a valid top-level route and static credentials, plus {@code more} arguments. */
    private static void startWithValidRoute(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--management.server.port=0",
                "--sigv4-gateway.target=https://abc.lambda-url.us-east-1.on.aws",
                "--sigv4-gateway.credentials.default.type=static",
                "--sigv4-gateway.credentials.default.access-key-id=AKIDEXAMPLE",
                "--sigv4-gateway.credentials.default.secret-access-key=" + SECRET));
        args.addAll(List.of(more));
        new SpringApplicationBuilder(SigV4GatewayApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void unparsableValues_andUnknownKeys_areAllReported_beforeAnythingStarts(CapturedOutput output) {
        assertThatThrownBy(() -> startWithValidRoute(
                        "--sigv4-gateway.max-body-size=lots",
                        "--sigv4-gateway.routes[0].target=https://abc.lambda-url.us-east-1.on.aws",
                        "--sigv4-gateway.routes[0].connect-timeout=soon",
                        "--sigv4-gateway.routes[0].strip-prefix=one",
                        "--sigv4-gateway.credentials.other.type=magic",
                        "--sigv4-gateway.max-bodysize=1MB",
                        "--sigv4-gateway.taget=https://abc.lambda-url.us-east-1.on.aws",
                        "--sigv4-gateway.credentials.default.secret-acess-key=" + SECRET))
                .matches(StartupValidationIntegrationTests::isConfigurationFailure);

        assertThat(output.getOut() + output.getErr())
                .contains("sigv4-gateway cannot start, its configuration has 7 problem(s)")
                .contains("sigv4-gateway.max-body-size = 'lots': a size such as 6MB or 512KB")
                .contains("sigv4-gateway.routes[0].connect-timeout = 'soon': a duration such as 30s, 5m or 1h")
                .contains("sigv4-gateway.routes[0].strip-prefix = 'one': a whole number")
                .contains("sigv4-gateway.credentials.other.type = 'magic': must be one of default-chain, static,"
                        + " session-token, assume-role, web-identity")
                .contains("sigv4-gateway.max-bodysize: unknown key, did you mean sigv4-gateway.max-body-size?")
                .contains("sigv4-gateway.taget: unknown key, did you mean sigv4-gateway.target?")
                .contains("sigv4-gateway.credentials.default.secret-acess-key: unknown key, did you mean"
                        + " sigv4-gateway.credentials.default.secret-access-key?")
                .as("checked before the context starts anything")
                .doesNotContain("Credentials 'default'")
                .doesNotContain("Netty started")
                .doesNotContain(SECRET);
    }

    @Test
    void httpTarget_onlyForLoopbackOrAnAllowedHost(CapturedOutput output) {
        assertThatThrownBy(() ->
                        startWithValidRoute("--sigv4-gateway.routes[0].target=http://abc.lambda-url.us-east-1.on.aws"))
                .matches(StartupValidationIntegrationTests::isConfigurationFailure);
        assertThat(output.getOut() + output.getErr())
                .contains("sigv4-gateway.routes[0].target = 'http://abc.lambda-url.us-east-1.on.aws': must be an"
                        + " https:// URL (http:// only for local emulators: a loopback address, or a host listed in"
                        + " sigv4-gateway.allowed-http-hosts)");

        assertThatThrownBy(() -> startWithValidRoute(
                        "--sigv4-gateway.routes[0].target=http://localstack.test:4566",
                        "--sigv4-gateway.routes[0].region=us-east-1",
                        "--sigv4-gateway.routes[0].service=lambda",
                        "--sigv4-gateway.allowed-http-hosts=localstack.test",
                        "--sigv4-gateway.routes[1].target=http://127.0.0.2:9000",
                        "--sigv4-gateway.routes[1].region=us-east-1",
                        "--sigv4-gateway.routes[1].service=lambda",
                        "--sigv4-gateway.server.max-buffered-body-memory=1KB"))
                .as("the http targets pass; only the deliberate problem below is left")
                .matches(StartupValidationIntegrationTests::isConfigurationFailure);
        assertThat(output.getOut() + output.getErr())
                .contains("sigv4-gateway cannot start, its configuration has 1 problem(s)")
                .contains("max-buffered-body-memory");
    }
}
