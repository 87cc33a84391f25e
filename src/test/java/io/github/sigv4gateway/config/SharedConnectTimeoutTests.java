package io.github.sigv4gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The HTTP client's connect timeout follows the top-level one, the way users write it, unless they set SCG's. */
class SharedConnectTimeoutTests {

    private final StandardEnvironment environment = new StandardEnvironment();

    @Test
    void withNothingSet_theClientGetsTheRouteDefault() {
        assertThat(derived()).isEqualTo(5000);
    }

    @Test
    void aTopLevelDuration_becomesMilliseconds() {
        source("application.yaml", Map.of("sigv4-gateway.connect-timeout", "2s"));
        assertThat(derived()).isEqualTo(2000);
    }

    @Test
    void anEnvironmentVariable_bindsRelaxed() {
        String name = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
        environment
                .getPropertySources()
                .replace(
                        name,
                        new SystemEnvironmentPropertySource(name, Map.of("SIGV4GATEWAY_CONNECTTIMEOUT", "1500ms")));
        assertThat(derived()).isEqualTo(1500);
    }

    @Test
    void scgsOwnKey_setByTheUser_wins() {
        source(
                "application.yaml",
                Map.of("sigv4-gateway.connect-timeout", "2s", SharedConnectTimeout.SCG_CONNECT_TIMEOUT, "750"));
        assertThat(derived()).isEqualTo(750);
    }

    @Test
    void aValueThatDoesNotBind_isLeftForTheConfigurationCheck() {
        source("application.yaml", Map.of("sigv4-gateway.connect-timeout", "soon"));
        new SharedConnectTimeout().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getPropertySources().contains(SharedConnectTimeout.PROPERTY_SOURCE))
                .isFalse();
        assertThat(environment.getProperty(SharedConnectTimeout.SCG_CONNECT_TIMEOUT))
                .isNull();
    }

    private void source(String name, Map<String, Object> properties) {
        environment.getPropertySources().addFirst(new MapPropertySource(name, properties));
    }

    private Integer derived() {
        new SharedConnectTimeout().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty(SharedConnectTimeout.SCG_CONNECT_TIMEOUT, Integer.class);
    }
}
