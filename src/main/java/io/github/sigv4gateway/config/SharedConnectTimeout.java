package io.github.sigv4gateway.config;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives Spring Cloud Gateway's HTTP client the top-level {@code sigv4-gateway.connect-timeout} as its own connect
 * timeout. SCG re-configures the client on every request of a route whose connect timeout differs from the
 * client's, so a route that keeps the top-level value forwards without that per-request cost, whatever value the
 * user chose.
 *
 * <p>The derived value sits in the environment's last property source: a
 * {@value #SCG_CONNECT_TIMEOUT} the user sets anywhere still wins. A top-level value that does not bind is left
 * for the configuration binding to report; the client then keeps SCG's own default.
 */
public class SharedConnectTimeout implements EnvironmentPostProcessor, Ordered {

    /** SCG's key, in milliseconds. */
    public static final String SCG_CONNECT_TIMEOUT = "spring.cloud.gateway.server.webflux.httpclient.connect-timeout";

    static final String PROPERTY_SOURCE = "sigv4GatewaySharedConnectTimeout";

    private static final String TOP_LEVEL = GatewayProperties.PREFIX + ".connect-timeout";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Duration timeout;
        try {
            timeout = Binder.get(environment)
                    .bind(TOP_LEVEL, Duration.class)
                    .orElseGet(() -> new RouteSettings().getConnectTimeout());
        } catch (BindException invalid) {
            return;
        }
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        PROPERTY_SOURCE,
                        Map.of(SCG_CONNECT_TIMEOUT, Math.toIntExact(Math.min(timeout.toMillis(), Integer.MAX_VALUE)))));
    }

    /** After the configuration files are loaded. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
