package io.github.sigv4gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.core.io.ClassPathResource;

/**
 * The jar's shutdown defaults, as its application.yaml says them: what the SIGTERM tests on the packaged jar run
 * with (GracefulShutdownPackagedIntegrationTests) and what the chart's terminationGracePeriodSeconds is sized for.
 */
class GracefulShutdownDefaultsTests {

    private static GatewayConfigBinding applicationYaml() throws IOException {
        return GatewayConfigBinding.ofYaml(
                new ClassPathResource("application.yaml").getContentAsString(StandardCharsets.UTF_8));
    }

    @Test
    void applicationYaml_shutsDownGracefully_within20Seconds() throws IOException {
        GatewayConfigBinding config = applicationYaml();
        assertThat(config.get("server.shutdown", Shutdown.class)).contains(Shutdown.GRACEFUL);
        assertThat(config.get("spring.lifecycle.timeout-per-shutdown-phase", Duration.class))
                .contains(Duration.ofSeconds(20));
    }

    @Test
    void readinessGroup_includesTheApplicationsReadinessState_whichShutdownTurnsOutOfService() throws IOException {
        assertThat(applicationYaml().get("management.endpoint.health.group.readiness.include", String[].class))
                .hasValueSatisfying(members -> assertThat(members).contains("readinessState"));
    }
}
