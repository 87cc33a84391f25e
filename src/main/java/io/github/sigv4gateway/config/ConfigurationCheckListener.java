package io.github.sigv4gateway.config;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Checks the {@code sigv4-gateway} configuration as soon as the environment is ready, before the application
 * context starts anything slow (credentials, Netty, Spring Cloud Gateway): a mistake stops the start within a
 * second or two with every problem listed (unreadable values, unknown keys with the nearest valid one, then the
 * routes and credentials checks), instead of after a full start.
 */
public final class ConfigurationCheckListener
        implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        GatewayPropertiesBinding.Result bound = GatewayPropertiesBinding.bind(event.getEnvironment());
        if (!bound.problems().isEmpty()) {
            throw new InvalidConfigurationException(bound.problems());
        }
        GatewayConfigurationValidator.validate(bound.properties(), System.getenv(), SdkRegion::fromChain);
    }

    @Override
    public int getOrder() {
        // After Boot's own listeners have loaded application.yaml and the other property sources.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
